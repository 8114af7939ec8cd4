// Setup: the project's keys and a snippet that adds playback reporting to a page.
import { apiGet, savedToken } from '../api.js';
import { el } from '../ui.js';

export async function render(context) {
  const { main, isCurrent } = context;
  main.append(el('h1', {}, 'Setup'));
  const body = await apiGet('/project');
  if (!isCurrent()) return;
  const project = body.data;
  const token = savedToken();
  const sdk = `<script src="${location.origin}/sdk/playtrace.js"></script>
<script>
  playtrace.monitor('#player', {        // your <video> element (hls.js, dash.js, Shaka, video.js: see docs/sdk.md)
    envKey: '${project.env_key}',   // this project's ingest key
    metadata: { video_id: 'intro-42', video_title: 'Intro' },
  });
</script>`;
  const muxEmbed = `import mux from 'mux-embed';   // npm install mux-embed

mux.monitor('#player', {
  beaconCollectionDomain: '${project.mux_embed_beacon_domain}',
  data: {
    env_key: '${project.env_key}',   // this project's ingest key
    player_name: 'web',
    video_title: 'Intro',
  },
});`;
  const curl = `now=$(date +%s%3N)
curl -s ${project.beacon_url} -H 'Content-Type: application/json' -d '{
  "metadata": {"transmission_timestamp": '$now', "env_key": "${project.env_key}"},
  "events": [{"event": "viewstart", "view_id": "v1", "view_sequence_number": 1, "viewer_time": '$now', "video_title": "Intro"}]}'`;
  const query = `curl -s -u '${token.id}:<token secret>' '${location.origin}/data/v1/metrics/views/overall?timeframe[]=24:hours'`;
  main.append(
    el('section', { class: 'card' }, el('h2', {}, 'Project'), el('dl', { class: 'facts', dataset: { testid: 'project' } },
      el('dt', {}, 'Name'), el('dd', { dataset: { field: 'name' } }, project.name),
      el('dt', {}, 'Project id'), el('dd', { dataset: { field: 'id' } }, el('code', {}, project.id)),
      el('dt', {}, 'Ingest key (env_key)'), el('dd', { dataset: { field: 'env_key' } }, el('code', {}, project.env_key)),
      el('dt', {}, 'API token id'), el('dd', { dataset: { field: 'token_id' } }, el('code', {}, token.id)),
      el('dt', {}, 'Beacon URL'), el('dd', { dataset: { field: 'beacon_url' } }, el('code', {}, project.beacon_url)),
      el('dt', {}, 'CMCD v2 reporters'), el('dd', {}, el('code', {}, project.cmcd_url)))),
    snippet('Add the SDK to a page', 'The Playtrace player SDK, served by this server; it reports to it.', sdk, 'snippet-sdk'),
    snippet('Or keep mux-embed', 'The stock Mux SDK reports to Playtrace unchanged when its beacon domain points here.', muxEmbed, 'snippet-mux-embed'),
    snippet('Send a beacon by hand', 'The beacon protocol is in docs/beacon-protocol.md.', curl, 'snippet-curl'),
    snippet('Read the numbers programmatically', 'Everything on this dashboard comes from /data/v1 (described at /openapi.yaml).', query, 'snippet-query'));
}

function snippet(title, text, code, testid) {
  const status = el('span', { class: 'muted', role: 'status' });
  const copy = el('button', { type: 'button', onclick: async () => {
    try {
      await navigator.clipboard.writeText(code);
      status.textContent = 'Copied';
    } catch (e) {
      status.textContent = 'Select the text and copy it';
    }
  } }, 'Copy');
  return el('section', { class: 'card' }, el('h2', {}, title), el('p', { class: 'muted' }, text),
    el('pre', { dataset: { testid } }, el('code', {}, code)), el('div', { class: 'actions' }, copy, status));
}
