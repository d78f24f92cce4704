// The analysis shared by the ESLint rules and the codemod.
export { analyzeSourceFile, isCallbackValuePosition } from "./analyze.js";
export { checkVariableDeclaration } from "./dangling-task.js";
export { describeTask, originOf } from "./describe.js";
export { checkCallbackArguments, checkCallbackValue } from "./floating-callback.js";
export { checkExpressionStatement, checkVoidExpression } from "./floating-task.js";
export { isPromiseArray, isPromiseLike, isPromiseReturningFunction, isThenableType } from "./promise.js";
export { checkTaskSetShutdown } from "./task-shutdown.js";
export * from "./types.js";
export { applyEdits } from "./fix/apply.js";
export { planFileEdits, type PlanOptions } from "./fix/plan.js";
export type { StyleOverrides } from "./fix/style.js";
export { formatFinding, ruleDescriptions } from "./messages.js";
export { docsPath, docsUrl, packageVersion } from "../package-info.js";
