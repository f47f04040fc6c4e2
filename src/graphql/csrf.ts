import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { createGraphQLError, type Plugin } from 'graphql-yoga';

/**
 * The header that lets a request without a JSON or GraphQL body run an operation (a GET, a
 * form-encoded or multipart POST). Any value will do: what matters is that a page on another site
 * cannot add a custom header without the browser asking us first (a CORS preflight), while it can
 * send a form, a multipart body or a header-less GET on its own.
 */
export const CSRF_HEADER = 'x-graphql-csrf';
export const CSRF_CODE = 'CSRF_HEADER_REQUIRED';

const MESSAGE =
  `Send the operation as JSON (Content-Type: application/json) or GraphQL (application/graphql), or set the ${CSRF_HEADER} header: ` +
  'forms, multipart and plain-text bodies and header-less GETs are what another site can make a browser send.';

/**
 * Yoga's CSRF prevention (which lets through any content type a browser would preflight and refuses
 * the rest unless the header is present), with a stable code and a message saying what to send.
 * It runs before the body is parsed, so a refused request executes nothing.
 */
export function useCsrfPrevention(): Plugin {
  const csrf = useCSRFPrevention({ requestHeaders: [CSRF_HEADER] }) as Plugin;
  const check = csrf.onRequestParse;
  if (check === undefined) throw new Error('CSRF plugin has no onRequestParse hook');
  return {
    onRequestParse(payload) {
      try {
        return check(payload);
      } catch (error) {
        if (!(error instanceof Error) || error.name !== 'GraphQLError') throw error;
        // The plugin's error carries only its HTTP status: the same refusal, with a code.
        throw createGraphQLError(MESSAGE, { extensions: { code: CSRF_CODE, http: { status: 403 } } });
      }
    },
  };
}
