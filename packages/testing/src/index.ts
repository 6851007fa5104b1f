/** @dnp/testing: real servers for tests and benchmarks, always on 127.0.0.1 and free ports. */
export * from './ports.js';
export * from './process.js';
export * from './mariadb.js';
export * from './redis.js';
