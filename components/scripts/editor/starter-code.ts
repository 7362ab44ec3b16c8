import type { ScriptLanguage } from '../script-types';

/**
 * What a new script opens with: a working example of the sandbox conventions (inputs, environment,
 * result), so nobody has to look them up to write a first script. Kept in sync with
 * worker/sandbox/README.md "Conventions for scripts".
 */
export const STARTER_CODE: Record<ScriptLanguage, string> = {
  python: `import json
import os

# Inputs: the run's parameters as JSON in $VSS_INPUT_FILE, and each one as PARAM_<NAME>.
with open(os.environ["VSS_INPUT_FILE"]) as f:
    params = json.load(f)
name = params.get("name", "world")

# Environment: variables given to the run (secrets too, masked in the log) are in os.environ.
print(f"Hello, {name}")

# Result: JSON written to $VSS_RESULT_FILE becomes the run's result.
with open(os.environ["VSS_RESULT_FILE"], "w") as f:
    json.dump({"greeted": name}, f)
`,
  bash: `#!/usr/bin/env bash
set -euo pipefail

# Inputs: each parameter as PARAM_<NAME> (upper case), all of them as JSON in $VSS_INPUT_FILE.
name="\${PARAM_NAME:-world}"

# Environment: variables given to the run (secrets too, masked in the log) are ordinary variables.
echo "Hello, \${name}"

# Result: JSON written to $VSS_RESULT_FILE becomes the run's result.
printf '{"greeted": "%s"}\\n' "$name" > "$VSS_RESULT_FILE"
`,
};

/** True while the text is still one of the starters untouched, so a language switch may swap it. */
export function isStarterCode(text: string): boolean {
  return Object.values(STARTER_CODE).includes(text);
}
