export * from './layout';
export * from './frame';
