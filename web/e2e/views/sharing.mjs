// A lab that shares (SPEC 12): a project made in the browser, a second user added as viewer, the
// learned co-clustering shared into it through its Share dialog, a read-only link made (and another
// revoked), the link opened with no account (/s/ and /embed/) drawing the API's chips, and the
// second user's dashboard listing what was shared with them. At 1440x900 only (one project).
import { accessibility, check, coclusterParams, failures } from "../harness.mjs";

/** A fresh browser context's page (no sign-in), its errors recorded like the run's own page. */
async function freshPage(run, viewport) {
  const context = await run.browser.newContext({ viewport });
  const page = await context.newPage();
  page.on("console", (m) => m.type() === "error" && !/status of 4\d\d/.test(m.text()) && failures.push(`console: ${m.text()}`));
  page.on("pageerror", (e) => failures.push(`page error: ${e.message}`));
  return { context, page };
}

/** A screenshot with the run's checks: nothing wider than the window, and axe-core. */
async function photograph(run, page, tag, name) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  check(overflow <= 0, `${tag} ${name}: the page fits the window's width (${overflow} px over)`);
  await page.screenshot({ path: `${run.shots}/${name}-${tag}.png`, fullPage: true });
  await accessibility(page, `${name} ${tag}`);
}

export async function sharing(view) {
  const { page, tag, viewport, shot, go, base, api, apiPost, co, userName } = view;
  const viewerName = process.env.RNNVIS_VIEWER_NAME;
  const viewerToken = process.env.RNNVIS_VIEWER_TOKEN;
  if (viewport.width !== 1440 || !viewerName || !viewerToken) return;
  const projectName = `PTB memory study ${Date.now().toString(36)}`;

  // a project, made in the browser; its owner adds the second user as viewer
  await go("#/projects");
  await page.fill("input[name=project-name]", projectName);
  await page.click("form[data-testid=create-project] button[type=submit]");
  await page.waitForSelector("table[data-testid=members]");
  const project = (await api("/projects?limit=500")).items.find((p) => p.name === projectName);
  check(project?.role === "owner" && (await page.textContent("[data-testid=my-role]")).includes("owner"), `${tag} projects: "${projectName}" made, its maker is owner`);
  await page.fill("input[name=member-name]", viewerName);
  await page.selectOption("select[name=member-role]", "viewer");
  await page.click("form[data-testid=add-member] button[type=submit]");
  await page.locator("table[data-testid=members] tbody tr", { hasText: viewerName }).waitFor();
  const members = (await api(`/projects/${project.id}`)).members;
  check(members.some((m) => m.user === viewerName && m.role === "viewer"), `${tag} projects: ${viewerName} added as viewer`);

  // the co-clustering's Share dialog: into the project, then a link with a Copy button
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: base });
  await go(`#/cocluster?${coclusterParams(co)}`);
  await page.waitForSelector("svg.cocluster");
  const opener = page.locator(".share-slot button[data-testid=share]");
  await opener.click();
  const dialog = page.locator("dialog[data-testid=share-dialog]");
  await dialog.locator("select[data-testid=share-project]").waitFor();
  check((await dialog.getAttribute("aria-labelledby")) && (await dialog.locator("h2").textContent()).includes(co.label) && (await dialog.locator("[data-testid=share-now]").textContent()).includes("private"), `${tag} share dialog: labelled, names the co-clustering, says it is private`);
  await dialog.locator("select[data-testid=share-project]").selectOption(String(project.id));
  await dialog.locator("form[data-testid=share-into] button[type=submit]").click();
  await dialog.locator("[data-testid=share-done]", { hasText: "shared into" }).waitFor();
  // the view's co-clustering (the one its settings name, seed 0: maybe not the fixture's own id)
  const inProject = (await api(`/coclusterings?project_id=${project.id}`)).items;
  check(inProject.length === 1 && inProject[0].recording_id === co.recording_id && inProject[0].layer === co.layer && (await dialog.locator("[data-testid=share-now]").textContent()).includes(projectName), `${tag} share dialog: co-clustering ${inProject[0]?.id} shared into the project (PATCH), and says so`);
  const shared = await api(`/coclusterings/${inProject[0].id}`);
  await dialog.locator("input[name=expires_days]").fill("30");
  await dialog.locator("form[data-testid=make-link] button[type=submit]").click();
  await dialog.locator("[data-testid=link-url]").waitFor();
  const url = await dialog.locator("[data-testid=link-url]").inputValue();
  const snippet = await dialog.locator("[data-testid=embed-snippet]").inputValue();
  const token = url.split("/s/")[1];
  check(/\/s\/[\w.~-]+$/.test(url) && snippet.includes(`/embed/${token}`) && snippet.startsWith("<iframe"), `${tag} share dialog: the link and its embed snippet shown`);
  await dialog.locator("button[aria-label='copy the link']").click();
  await dialog.locator(".copied", { hasText: "cop" }).first().waitFor();
  const said = await dialog.locator(".copied").first().textContent();
  const copied = await page.evaluate(() => navigator.clipboard.readText()).catch(() => null);
  check(said === "copied" && copied === url, `${tag} share dialog: Copy puts the link on the clipboard and says "${said}"`);
  await shot("share-dialog");
  await page.keyboard.press("Escape");
  await dialog.waitFor({ state: "detached" });
  check(await page.evaluate(() => document.activeElement?.getAttribute("data-testid") === "share"), `${tag} share dialog: Escape closes it, the focus back on its Share button`);

  // another link, revoked on the projects page: it stops answering, the first one does not
  const other = await apiPost("/share-links", { kind: "coclustering", id: shared.id, expires_days: 2 });
  await go("#/projects");
  const row = page.locator("table[data-testid=share-links] tbody tr", { hasText: `expires ${other.expires_at.slice(0, 10)}` });
  await row.first().waitFor();
  const before = await page.locator("table[data-testid=share-links] tbody tr").count();
  page.once("dialog", (d) => void d.accept());
  await row.first().locator("button", { hasText: "Revoke" }).click();
  await page.waitForFunction((n) => document.querySelectorAll("table[data-testid=share-links] tbody tr").length === n - 1, before);
  const revoked = await fetch(`${base}/api/v1/shared/${other.token}`);
  const kept = await fetch(`${base}/api/v1/shared/${token}`);
  check(revoked.status === 404 && kept.ok, `${tag} my links: a revoked link answers 404 at once, the other still opens`);
  check((await page.locator("table[data-testid=projects] tbody tr", { hasText: projectName }).count()) === 1, `${tag} projects: listed with my role`);
  await shot("projects");

  // the project's page: members, what is shared into it, and who did what
  await go(`#/projects?id=${project.id}`);
  await page.waitForSelector("table[data-testid=events] tbody tr");
  const resource = page.locator("table[data-testid=resources-coclustering] tbody tr", { hasText: shared.label });
  check((await resource.count()) === 1 && (await resource.textContent()).includes(userName) && (await resource.locator("a", { hasText: "open" }).count()) === 1, `${tag} project page: the co-clustering listed with its owner and a link to its view`);
  const events = await page.locator("table[data-testid=events] tbody tr").allTextContents();
  const times = await page.locator("table[data-testid=events] tbody tr td:first-child").allTextContents();
  check(events.some((e) => e.includes("shared") && e.includes(shared.label)) && events.some((e) => e.includes("member added") && e.includes(viewerName)) && times.every((t, i) => i === 0 || times[i - 1] >= t), `${tag} project page: the audit trail, newest first (${events.length} events)`);
  await shot("project");

  // the link with no account: the slim read-only page draws the API's chips
  const drawn = shared.unit_clusters.filter((u) => u.length > 0).length;
  const visitor = await freshPage(view, viewport);
  try {
    const p = visitor.page;
    await p.goto(url);
    await p.waitForSelector("#app[data-ready=true] svg.cocluster");
    const chips = await p.locator("svg.cocluster rect.chip").count();
    check(chips === drawn, `${tag} link view: ${chips} chips, one per unit cluster the API answers (${shared.unit_clusters.length}, ${shared.unit_clusters.length - drawn} empty)`);
    check((await p.textContent("[data-testid=link-title]")).includes(shared.label) && (await p.locator("#nav a, form.password-signin, #who *").count()) === 0 && (await p.locator("[data-testid=read-only-note]").count()) === 1, `${tag} link view: a slim read-only header, no navigation, no sign-in`);
    const word = await p.locator("svg.cocluster text.word").first().getAttribute("data-word");
    await p.locator(`svg.cocluster text.word[data-word="${word}"]`).first().click();
    await p.waitForFunction((w) => new URL(location.href).searchParams.get("word") === w, word);
    await p.waitForSelector("svg.cocluster text.word.picked");
    await p.locator("svg.cocluster g.unit").first().click();
    await p.waitForSelector("[data-testid=link-unit] svg.boxplots");
    const params = new URL(p.url()).searchParams;
    check(params.get("word") === word && params.get("unit") !== null, `${tag} link view: a word colours the units and a unit shows its words (/shared reads), both kept in the link (${new URL(p.url()).search})`);
    const stored = await p.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie);
    check(!stored.includes(token), `${tag} link view: the token is kept nowhere but the address`);
    await p.goto(`${url}?chip=1&word=${encodeURIComponent(word)}`);
    await p.waitForSelector("#app[data-ready=true] svg.cocluster rect.chip.active");
    check((await p.locator("svg.cocluster rect.chip.active").count()) === 1 && (await p.locator("svg.cocluster rect.chip.active").getAttribute("data-chip")) === "1", `${tag} link view: ?chip=1 highlights chip 1`);
    await photograph(view, p, tag, "link");
    await p.goto(`${base}/s/not-a-link`);
    await p.waitForSelector("#app[data-ready=true] [data-testid=link-error]");
    check((await p.textContent("[data-testid=link-error]")).includes("does not exist, has expired or was revoked"), `${tag} link view: an unknown link says it does not exist, has expired or was revoked`);
    // the embed: the view alone, filling the frame, with a way to the full link page
    await p.goto(url.replace("/s/", "/embed/") + "?chip=2");
    await p.waitForSelector("#app[data-ready=true] svg.cocluster");
    check((await p.locator("svg.cocluster rect.chip").count()) === drawn && (await p.locator("#top").isHidden()) && (await p.locator("[data-testid=open-in-rnnvis]").getAttribute("href")).endsWith(`/s/${token}?chip=2`), `${tag} embed view: the chips alone, no header, "open in RNNVis" to /s/`);
    await photograph(view, p, tag, "embed");
    // the other kinds' read-only views: the recording (a unit's words), its model and its training
    const others = [["recording", co.recording_id], ["model", view.model.id]];
    if (view.model.training?.id) others.push(["training", view.model.training.id]);
    for (const [kind, id] of others) {
      const made = await apiPost("/share-links", { kind, id });
      await p.goto(made.url);
      await p.waitForSelector("#app[data-ready=true]");
      const title = await p.textContent("[data-testid=link-title]");
      check((await p.locator("[data-testid=link-error], [role=alert]:not(:empty)").count()) === 0 && title.includes(made.resource), `${tag} link view of a ${kind}: "${title.trim()}", drawn without an error`);
      await photograph(view, p, tag, `link-${kind}`);
    }
  } finally {
    await visitor.context.close();
  }

  // the viewer's dashboard: what others shared with them, with its project and owner
  const viewer = await freshPage(view, viewport);
  try {
    const p = viewer.page;
    await p.goto(`${base}/`);
    await p.evaluate((t) => sessionStorage.setItem("rnnvis.token", t), viewerToken);
    await p.goto(`${base}/#/dashboard`);
    await p.waitForSelector("#app[data-ready=true] table[data-testid=shared-with-me]");
    const row = p.locator("table[data-testid=shared-with-me] tbody tr", { hasText: shared.label });
    check((await row.count()) === 1 && (await row.textContent()).includes(projectName) && (await row.textContent()).includes(userName) && (await row.locator("a").count()) === 2, `${tag} ${viewerName}'s dashboard: the co-clustering shared with them, its project and owner, linked`);
    // a viewer may not delete what others shared: their list shows the row without a delete button
    const listed = p.locator("table[data-testid=coclusterings] tbody tr", { hasText: shared.label });
    check((await listed.count()) === 1 && (await listed.locator("button[aria-label^='delete']").count()) === 0, `${tag} ${viewerName}'s co-clusterings: the shared one, without a delete button`);
    await photograph(view, p, tag, "dashboard-shared");
  } finally {
    await viewer.context.close();
  }
}
