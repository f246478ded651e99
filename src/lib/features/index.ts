export * from './spec';
export * from './compare';
export { resampleFrames } from './resample';
