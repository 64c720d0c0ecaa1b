import type * as v from 'valibot';
/**
 * Runs a synchronous schema through its Standard Schema interface, whose `validate` answers with
 * valibot's own dataset: `issues` when the input fails, else its `value`. The same run as
 * `v.safeParse`, without safeParse and the result object it builds in the engine chunk.
 */
export declare const run: <S extends v.GenericSchema>(schema: S, input: unknown) => v.OutputDataset<v.InferOutput<S>, v.InferIssue<S>>;
