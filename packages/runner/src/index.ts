/** @dnp/runner: process orchestration for the start command, e2e suites and benchmarks. */
export * from './ports.js';
export * from './process.js';
export * from './platform.js';
