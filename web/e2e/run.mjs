// End-to-end: every view in headless Chromium against a running `rnnvis serve` holding data made
// through the API. Counts are checked against the API's own answers; a screenshot of each view is
// saved. Run by tests/service/test_web.py (`node e2e/run.mjs` in web/), which creates the data and
// passes it in the environment:
//   RNNVIS_URL, RNNVIS_TOKEN, RNNVIS_NAME and RNNVIS_PASSWORD (the same user's password sign-in),
//   RNNVIS_MODEL, RNNVIS_COCLUSTERING, RNNVIS_SHOTS (the screenshots' folder): required;
//   RNNVIS_TIMELINE (a finished timeline of the learned model's checkpoints, issue 34),
//   RNNVIS_TEXT, RNNVIS_SOURCE_TEXT (patched into RNNVIS_TEXT), RNNVIS_OTHER_COCLUSTERING, RNNVIS_DEGENERATE_COCLUSTERING, RNNVIS_UNLEARNED_COCLUSTERING,
//   RNNVIS_BIG_COCLUSTERING, RNNVIS_MARKUP_NAME, RNNVIS_CHECKPOINT_DIR, RNNVIS_ADMIN_TOKEN,
//   RNNVIS_NEWCOMER_TOKEN, RNNVIS_VIEWER_NAME and RNNVIS_VIEWER_TOKEN (a second user, to share with),
//   RNNVIS_SSO_SUBJECT, RNNVIS_SSO_NAME and RNNVIS_SSO_LABEL (single sign-on at
//   the test's provider): each check that needs one runs when it is given;
//   RNNVIS_E2E_STALL_S (how long a job may stand still), CHROMIUM (the browser).
// Each passed check prints "ok - ..."; a wrong answer throws (exit status 1). Console errors and
// accessibility violations are listed at the end, and fail the run too; "all views checked" otherwise.
// The harness is in harness.mjs, each view's checks in views/.
import { failures, openViewport, setUp } from "./harness.mjs";
import { account } from "./views/account.mjs";
import { admin } from "./views/admin.mjs";
import { cocluster, halfLives, keyboard, largeLayer, notices } from "./views/cocluster.mjs";
import { trustTools } from "./views/cocluster-tools.mjs";
import { compare } from "./views/compare.mjs";
import { dashboard, newcomer } from "./views/dashboard.mjs";
import { modernModels } from "./views/modern.mjs";
import { causal, classifier, sentence } from "./views/sentence.mjs";
import { sharing } from "./views/sharing.mjs";
import { cookieTossing, refusedToken, signIn, singleSignOn } from "./views/signin.mjs";
import { timeline } from "./views/timeline.mjs";
import { trainingFromTheForm } from "./views/training.mjs";
import { unit, unitTrace } from "./views/unit.mjs";
import { word } from "./views/word.mjs";

// in this order: each step starts where the one before left the page (signed in, on a view)
const STEPS = [
  signIn, dashboard, trainingFromTheForm, timeline, cocluster, trustTools, notices, halfLives, unit, unitTrace, word, sentence, causal, compare, sharing, account, admin,
  newcomer, refusedToken, classifier, largeLayer, keyboard, modernModels,
];

const run = await setUp();
const took = []; // each step's seconds, printed at the end (the test shows them on failure, -s always)
try {
  await singleSignOn(run);
  await cookieTossing(run);
  for (const viewport of [{ width: 1440, height: 900 }, { width: 1920, height: 1080 }]) {
    const view = await openViewport(run, viewport);
    for (const step of STEPS) {
      const started = performance.now();
      await step(view);
      took.push(`${view.tag} ${step.name}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
    }
    await view.page.close();
  }
} finally {
  await run.browser.close();
}
if (failures.length) {
  console.error(failures.join("\n"));
  process.exit(1);
}
console.log(took.join("\n"));
console.log("all views checked");
