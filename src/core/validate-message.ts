import { MODEL_LIMITS as L } from "./limits.js";
import type { Block, Form, Message } from "./message.js";

/**
 * Checks a message or form against the model's limits and shape rules.
 * Returns the problems found (empty when valid), each naming the place: "blocks[2].elements[0].label".
 */
export function validateMessage(message: Message): string[] {
  const problems: string[] = [];
  const problem = (path: string, what: string) => {
    problems.push(`${path}: ${what}`);
  };
  if (message.text.trim().length === 0) problem("text", "is empty");
  if (message.text.length > L.text) problem("text", `is longer than ${L.text}`);
  const blocks = message.blocks ?? [];
  if (blocks.length > L.blocks) problem("blocks", `has more than ${L.blocks}`);
  const actionBlocks = blocks.filter((b) => b.type === "actions");
  if (actionBlocks.length > L.actionBlocks) problem("blocks", `has more than ${L.actionBlocks} action blocks`);
  const actionIds = new Set<string>();
  for (const [index, block] of blocks.entries()) validateBlock(block, `blocks[${index}]`, problem, actionIds);
  for (const [index, file] of (message.files ?? []).entries()) {
    if (!/^[\w.-]{1,80}$/.test(file.name)) problem(`files[${index}].name`, "must be 1 to 80 letters, digits, . _ -");
    if (file.data.byteLength > L.fileBytes) problem(`files[${index}].data`, `is larger than ${L.fileBytes} bytes`);
    if (file.alt.trim().length === 0) problem(`files[${index}].alt`, "is empty");
  }
  return problems;
}

function validateBlock(block: Block, path: string, problem: (path: string, what: string) => void, seenActions: Set<string>): void {
  const tooLong = (value: string, max: number, where: string) => {
    if (value.length > max) problem(where, `is longer than ${max}`);
  };
  const empty = (value: string, where: string) => {
    if (value.trim().length === 0) problem(where, "is empty");
  };
  switch (block.type) {
    case "header":
      empty(block.text, `${path}.text`);
      tooLong(block.text, L.header, `${path}.text`);
      return;
    case "section":
      empty(block.markdown, `${path}.markdown`);
      return;
    case "fields":
      if (block.fields.length === 0 || block.fields.length > L.fieldsPerBlock) {
        problem(`${path}.fields`, `must hold 1 to ${L.fieldsPerBlock}`);
      }
      block.fields.forEach((field, i) => {
        empty(field.label, `${path}.fields[${i}].label`);
        tooLong(field.label, L.fieldLabel, `${path}.fields[${i}].label`);
        empty(field.value, `${path}.fields[${i}].value`);
        tooLong(field.value, L.fieldValue, `${path}.fields[${i}].value`);
      });
      return;
    case "context":
      if (block.elements.length === 0 || block.elements.length > L.contextElements) {
        problem(`${path}.elements`, `must hold 1 to ${L.contextElements}`);
      }
      block.elements.forEach((element, i) => {
        empty(element, `${path}.elements[${i}]`);
        tooLong(element, L.contextElement, `${path}.elements[${i}]`);
      });
      return;
    case "image":
      if (!/^https?:\/\//.test(block.url)) problem(`${path}.url`, "is not an http(s) URL");
      tooLong(block.url, L.url, `${path}.url`);
      empty(block.alt, `${path}.alt`);
      return;
    case "divider":
      return;
    case "actions":
      if (block.elements.length === 0 || block.elements.length > L.elementsPerActionBlock) {
        problem(`${path}.elements`, `must hold 1 to ${L.elementsPerActionBlock}`);
      }
      block.elements.forEach((element, i) => {
        const where = `${path}.elements[${i}]`;
        if (!/^[a-z][\w.-]*$/.test(element.actionId)) problem(`${where}.actionId`, "must be a dotted lowercase id");
        tooLong(element.actionId, L.actionId, `${where}.actionId`);
        if (element.type === "button") {
          // Two buttons may share an action id (answer options) but not id and value together.
          const key = `${element.actionId}|${element.value}`;
          if (seenActions.has(key)) problem(where, "repeats an action id and value");
          seenActions.add(key);
          empty(element.label, `${where}.label`);
          tooLong(element.label, L.buttonLabel, `${where}.label`);
          tooLong(element.value, L.actionValue, `${where}.value`);
        } else {
          empty(element.placeholder, `${where}.placeholder`);
          if (element.options.length === 0 || element.options.length > L.selectOptions) {
            problem(`${where}.options`, `must hold 1 to ${L.selectOptions}`);
          }
          element.options.forEach((option, j) => {
            tooLong(option.label, L.selectOptionLabel, `${where}.options[${j}].label`);
            tooLong(option.value, L.actionValue, `${where}.options[${j}].value`);
          });
        }
      });
      return;
  }
}

export function validateForm(form: Form): string[] {
  const problems: string[] = [];
  const problem = (path: string, what: string) => problems.push(`${path}: ${what}`);
  if (form.title.trim().length === 0 || form.title.length > L.formTitle) problem("title", `must be 1 to ${L.formTitle} characters`);
  if (form.submitLabel.length === 0 || form.submitLabel.length > L.formSubmitLabel) {
    problem("submitLabel", `must be 1 to ${L.formSubmitLabel} characters`);
  }
  if (form.inputs.length === 0 || form.inputs.length > L.formInputs) problem("inputs", `must hold 1 to ${L.formInputs}`);
  if ((form.metadata ?? "").length > L.formMetadata) problem("metadata", `is longer than ${L.formMetadata}`);
  const ids = new Set<string>();
  form.inputs.forEach((input, i) => {
    if (ids.has(input.id)) problem(`inputs[${i}].id`, "repeats another input's id");
    ids.add(input.id);
    if (input.label.length === 0 || input.label.length > L.formInputLabel) {
      problem(`inputs[${i}].label`, `must be 1 to ${L.formInputLabel} characters`);
    }
    if ((input.kind === "text" || input.kind === "longText") && (input.maxLength ?? 0) > L.formFieldValue) {
      problem(`inputs[${i}].maxLength`, `is more than ${L.formFieldValue}`);
    }
    if (input.kind === "choice" && (input.options.length === 0 || input.options.length > L.selectOptions)) {
      problem(`inputs[${i}].options`, `must hold 1 to ${L.selectOptions}`);
    }
  });
  return problems;
}

/** Throws when the core built a message no platform would take: a bug, not a user error. */
export function assertValidMessage(message: Message): Message {
  const problems = validateMessage(message);
  if (problems.length > 0) throw new Error(`Invalid message: ${problems.join("; ")}`);
  return message;
}
