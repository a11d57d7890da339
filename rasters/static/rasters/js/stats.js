// A plot's raster statistics as a panel section: land-cover shares, NDVI and
// bare-land share from the newest raster of each kind, and the candidate the
// plot came from. Every value goes in as text.

// Numbers as the page's language writes them (17,5 % in Indonesian).
function number(value, digits) {
  return Number(value).toLocaleString(document.documentElement.lang || "id", {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}

function percent(share) {
  return `${number(share * 100, 1)} %`;
}

function row(dl, term, value) {
  const dt = document.createElement("dt");
  dt.textContent = term;
  const dd = document.createElement("dd");
  dd.textContent = value;
  dl.append(dt, dd);
}

export function statisticsNode(data, text) {
  const root = document.createElement("div");
  root.className = "plot-statistics";
  if (!data.rasters.length && !data.candidate) {
    const none = document.createElement("p");
    none.className = "muted";
    none.textContent = text.no_statistics;
    root.appendChild(none);
  }
  for (const item of data.rasters) {
    const title = document.createElement("h3");
    title.textContent = `${item.kind_label} · ${item.raster.name}`;
    const dl = document.createElement("dl");
    for (const c of item.classes || []) row(dl, c.label, percent(c.share));
    if (item.ndvi) {
      row(dl, text.ndvi_mean, number(item.ndvi.mean, 2));
      row(dl, text.ndvi_range, `${number(item.ndvi.min, 2)} – ${number(item.ndvi.max, 2)}`);
    }
    if (item.bare_share !== null && item.bare_share !== undefined) row(dl, text.bare_share, percent(item.bare_share));
    root.append(title, dl);
  }
  if (data.candidate) {
    const from = document.createElement("p");
    from.className = "muted";
    from.textContent = `${text.from_candidate} #${data.candidate.id} (${data.candidate.rule})`;
    root.appendChild(from);
  }
  return root;
}
