/**
 * The schema of a TF.js model's model.json (layers topology or graph, + weights manifest), read
 * without TF.js: `signs validate` checks a model folder with it, and Node loading joins
 * weight paths only after they are checked to stay inside the model folder.
 */
import * as v from 'valibot';
import { count, knownFields, nonEmptyString, parseFile } from '../files/problems';
import { relativePath } from '../files/paths';
import { ModelManifestError } from './manifest';

const BYTES_PER_VALUE: Record<string, number> = { float32: 4, int32: 4, bool: 1, uint8: 1, uint16: 2, float16: 2 };

const WeightSchema = knownFields({
  name: nonEmptyString('must be the weight\'s name'),
  shape: v.array(count('must be a whole number'), 'must list the weight\'s dimensions'),
  dtype: v.picklist(['float32', 'int32', 'bool'], (i) => `${i.received} is not a weight type TF.js layers models store (float32, int32, bool)`),
  quantization: v.optional(knownFields({
    dtype: v.picklist(['uint8', 'uint16', 'float16'], (i) => `${i.received} is not a TF.js quantisation (uint8, uint16, float16)`),
  }, 'must give the quantised dtype')),
}, 'must give name, shape and dtype');

/** The parts of a layer this check reads; TF.js writes inbound nodes as [[[layer, node, tensor, kwargs], ...], ...]. */
const LayerSchema = v.looseObject({
  class_name: v.string(),
  name: v.optional(v.string()),
  config: v.optional(v.looseObject({ name: v.optional(v.string()), units: v.optional(v.number()) })),
  inbound_nodes: v.optional(v.array(v.array(v.pipe(v.array(v.unknown()), v.check((n) => typeof n[0] === 'string'))))),
});
type Layer = v.InferOutput<typeof LayerSchema>;

const FunctionalModelSchema = v.looseObject({
  class_name: v.string(),
  config: v.looseObject({
    layers: v.array(LayerSchema),
    output_layers: v.array(v.pipe(v.array(v.unknown()), v.check((n) => typeof n[0] === 'string'))),
  }),
});

const WeightsManifestSchema = v.pipe(
  v.array(knownFields({
    paths: v.array(relativePath(), 'must list the weight files'),
    weights: v.array(WeightSchema, 'must list the weights'),
  }, 'must give paths and weights'), 'must list the weight groups'),
  v.minLength(1, 'must list the weight groups'),
);

export const LayersModelJsonSchema = knownFields({
  modelTopology: v.pipe(
    v.looseObject({}, 'must be the model\'s topology (a JSON object)'),
    v.check((t) => v.is(FunctionalModelSchema, t.model_config ?? t), 'must be a functional model with config.layers and config.output_layers (as TF.js saves a tf.model)'),
  ),
  weightsManifest: WeightsManifestSchema,
}, 'not a TF.js layers model (model.json)');

export type LayersModelJson = v.InferOutput<typeof LayersModelJsonSchema>;

/** A TF.js graph model's model.json (tensorflowjs_converter's output): a GraphDef and the same weights manifest. */
export const GraphModelJsonSchema = knownFields({
  format: v.literal('graph-model'),
  modelTopology: v.looseObject({ node: v.array(v.looseObject({ name: v.string(), op: v.string() }), 'must list the graph\'s nodes') }, 'must be the model\'s graph (a JSON object with node)'),
  weightsManifest: WeightsManifestSchema,
}, 'not a TF.js graph model (model.json)');

export type GraphModelJson = v.InferOutput<typeof GraphModelJsonSchema>;

export type ModelJson = { kind: 'layers'; json: LayersModelJson } | { kind: 'graph'; json: GraphModelJson };

/** model.json of either kind: `format` "graph-model" is a graph model, anything else a layers model. */
export function parseModelJson(json: unknown, file: string): ModelJson {
  const format = (json as { format?: unknown } | null)?.format;
  return format === 'graph-model'
    ? { kind: 'graph', json: parseFile(GraphModelJsonSchema, json, file, ModelManifestError) }
    : { kind: 'layers', json: parseLayersModelJson(json, file) };
}

export function parseLayersModelJson(json: unknown, file: string): LayersModelJson {
  return parseFile(LayersModelJsonSchema, json, file, ModelManifestError);
}

/**
 * The last dimension of each model output, read from the topology: a layer's `units`, or
 * for a layer without units (Average, Dropout, Activation) that of its first input; a
 * Concatenate adds its inputs. Undefined where it cannot be told.
 */
export function modelOutputSizes(json: LayersModelJson): (number | undefined)[] {
  const model = v.parse(FunctionalModelSchema, json.modelTopology.model_config ?? json.modelTopology);
  const layers = new Map<string, Layer>(model.config.layers.map((l) => [l.name ?? l.config?.name ?? '', l]));
  const sizeOf = (name: string, seen: Set<string>): number | undefined => {
    const layer = layers.get(name);
    if (!layer || seen.has(name)) return undefined;
    seen.add(name);
    if (typeof layer.config?.units === 'number') return layer.config.units;
    const inputs = (layer.inbound_nodes?.[0] ?? []).map((n) => sizeOf(n[0] as string, seen));
    if (layer.class_name !== 'Concatenate') return inputs[0];
    return inputs.every((s) => s !== undefined) ? inputs.reduce((a, b) => a + b, 0) : undefined;
  };
  return model.config.output_layers.map((o) => sizeOf(o[0] as string, new Set()));
}

/** Bytes the weight files must hold together, from each weight's shape and stored dtype. */
export function weightBytes(json: Pick<LayersModelJson, 'weightsManifest'>): number {
  let bytes = 0;
  for (const group of json.weightsManifest) {
    for (const w of group.weights) bytes += w.shape.reduce((a, b) => a * b, 1) * BYTES_PER_VALUE[w.quantization?.dtype ?? w.dtype];
  }
  return bytes;
}
