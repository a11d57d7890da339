// The history panel of one feature, with a restore button per version.
import { detailUrl, request } from "../shared/api.js";
import { formatDateTime } from "../shared/present.js";

export async function showHistory(editor, description, id, canChange) {
  const box = document.getElementById("history");
  const list = document.getElementById("history-list");
  box.hidden = !canChange;
  list.replaceChildren();
  if (box.hidden) return;
  const opened = editor.current;
  const response = await request("GET", detailUrl(description.endpoint, id, "history"));
  // Another feature opened meanwhile: this history is not its.
  if (!response.ok || editor.current !== opened) return;
  const text = editor.text;
  for (const revision of response.body) {
    const item = document.createElement("li");
    const when = formatDateTime(revision.at, text);
    item.textContent = `${text.action[revision.action] || revision.action} · ${text.version} ${revision.version} · ${revision.user || "—"} · ${when} `;
    // The state on screen is not offered back to itself.
    const current = String(revision.version) === String(opened.version) && revision.action !== "delete";
    if ((revision.after || revision.action === "delete") && !current) {
      item.appendChild(
        editor.button(text.restore, async () => {
          const url = detailUrl(description.endpoint, id, "restore");
          if (editor.current !== opened) return;
          const result = await request("POST", url, {
            body: { revision: revision.id },
            version: opened.version,
          });
          if (result.ok) editor.restored(description.name, result.body);
          else editor.showErrors(result.body);
        }),
      );
    }
    list.appendChild(item);
  }
}
