export * from './types';
export * from './manifest';
export * from './decide';
export * from './classifier';
export * from './matcher';
export * from './recognizer';
