/** @dnp/testing: real MariaDB, Redis and S3 servers for tests and benchmarks, on 127.0.0.1 and free ports. */
export * from './mariadb.js';
export * from './redis.js';
export * from './s3.js';
export { freePort, waitFor, startProcess, type ManagedProcess } from '@dnp/runner';
