// The history panel of one plot or point, with a restore button per version.
import { detailUrl, request } from "./api.js";

export async function showHistory(editor, kind, id) {
  const box = document.getElementById("history");
  const list = document.getElementById("history-list");
  box.hidden = !editor.canEdit(kind);
  list.replaceChildren();
  if (box.hidden) return;
  const response = await request("GET", detailUrl(editor.endpoint(kind), id, "history"));
  if (!response.ok) return;
  const text = editor.config.text;
  for (const revision of response.body) {
    const item = document.createElement("li");
    const when = new Date(revision.at).toLocaleString();
    item.textContent = `${text.action[revision.action] || revision.action} · ${text.version} ${revision.version} · ${revision.user || "—"} · ${when} `;
    if (revision.after || revision.action === "delete") {
      item.appendChild(
        editor.button(text.restore, async () => {
          const url = detailUrl(editor.endpoint(kind), id, "restore");
          const result = await request("POST", url, {
            body: { revision: revision.id },
            version: editor.current?.version,
          });
          if (result.ok) editor.restored(kind, result.body);
          else editor.showErrors(result.body);
        }),
      );
    }
    list.appendChild(item);
  }
}
