export * from './layout';
export * from './frame';
export * from './aspect';
