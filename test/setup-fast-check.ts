/**
 * Property tests run on a fixed seed, so a run is repeatable and CI never turns red on a draw no
 * one can replay. A counterexample still prints its seed and path; to explore more of the space
 * locally, change the seed here.
 */
import fc from 'fast-check';

fc.configureGlobal({ seed: 20_261_201 });
