/**
 * Limits of the core message model: the tighter of Slack's and Discord's, so that a message
 * the core accepts renders on every platform (see shared PLATFORM-LIMITS).
 * Section text has no limit here: adapters split long text cleanly.
 */
export const MODEL_LIMITS = {
  text: 40_000,
  blocks: 40,
  header: 150,
  fieldsPerBlock: 10,
  fieldLabel: 256,
  fieldValue: 1_024,
  contextElements: 10,
  contextElement: 2_000,
  actionBlocks: 5,
  elementsPerActionBlock: 5,
  buttonLabel: 75,
  selectOptions: 25,
  selectOptionLabel: 75,
  /** Discord packs action id and value into one custom_id of at most 100 characters. */
  actionId: 40,
  actionValue: 58,
  url: 2_000,
  formTitle: 24,
  formInputs: 5,
  formInputLabel: 45,
  formSubmitLabel: 24,
  formFieldValue: 4_000,
  formMetadata: 2_000,
  /** Discord's attachment limit without boosts. */
  fileBytes: 8 * 1024 * 1024,
} as const;
