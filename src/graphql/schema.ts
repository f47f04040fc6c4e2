import { builder } from './builder.js';
import './types/scalars.js';
import './types/token.js';
import './types/token-amount.js';
import './types/venue.js';
import './types/pool.js';
import './types/order-book.js';
import './types/route.js';
import './types/inputs.js';
import './types/quote.js';
import './types/order-status.js';
import './types/order.js';
import './types/conditional-orders.js';
import './types/order-connection.js';
import './types/order-update.js';
import './types/api-key.js';
import './types/backtest.js';
import './types/backtest-connection.js';
import './types/backtest-comparison.js';
import './types/backtest-update.js';
import './types/execution-report.js';

/**
 * Assembly only: the type files add their fields (queries sit next to the types they return), the
 * roots are declared here, and building opens no connection (codegen and tests import this).
 */
builder.queryType({});
builder.mutationType({});
builder.subscriptionType({});

export const schema = builder.toSchema();
