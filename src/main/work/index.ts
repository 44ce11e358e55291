/** Building blocks for background work: the catalog, the library, queues and schedulers use them. */
export { Rerunner } from './rerun';
export { SerialLock } from './serial-lock';
export { Throttle } from './throttle';
