// Sorts a table by any column on a click of its heading; numbers as numbers,
// empty cells last, a second click reverses.
export function makeSortable(table) {
  const headings = [...table.querySelectorAll("thead th")];
  headings.forEach((th, index) => {
    const button = th.querySelector("button");
    if (!button) return;
    th.setAttribute("aria-sort", "none");
    button.addEventListener("click", () => {
      const ascending = th.getAttribute("aria-sort") !== "ascending";
      headings.forEach((h) => h.setAttribute("aria-sort", "none"));
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      sortBy(table, index, th.dataset.type === "number", ascending);
    });
  });
}

function sortBy(table, index, numeric, ascending) {
  const body = table.tBodies[0];
  const rows = [...body.rows];
  const key = (row) => row.cells[index].dataset.sort ?? row.cells[index].textContent;
  rows.sort((a, b) => {
    const x = key(a);
    const y = key(b);
    if (x === "" && y === "") return 0;
    if (x === "") return 1;
    if (y === "") return -1;
    const order = numeric ? Number(x) - Number(y) : x.localeCompare(y, undefined, { numeric: true });
    return ascending ? order : -order;
  });
  body.append(...rows);
}
