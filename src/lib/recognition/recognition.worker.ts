/** The recognition Web Worker (worker.ts starts it): features, classifier and matcher, off the page's thread. */
import type { Endpoint } from 'comlink';
import { exposeRecognition } from './remote';
import { sameThreadRecognition } from './service';

exposeRecognition(sameThreadRecognition(), self as unknown as Endpoint);
