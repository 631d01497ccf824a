// The Cloud side panel (UI Kit). Every action is one Forge Remote call to the self-hosted plugin:
// invokeRemote (from @forge/bridge) POSTs {call: {functionKey, payload}} to /forge/panel on the
// remote of manifest.yml; Forge adds the Forge Invocation Token and, because the endpoint enables
// appUserToken, the agent's own token, so a reply inserted here is authored by the agent.
// The plugin trusts only the token: the issue is the one Jira issued it for.
import React, { useEffect, useState } from 'react';
import ForgeReconciler, {
  Button, ButtonGroup, Heading, List, ListItem, SectionMessage, Spinner, Stack, Text, TextArea,
} from '@forge/react';
import { invokeRemote } from '@forge/bridge';

// invokeRemote resolves with {status, headers, body}; the plugin answers JSON, errors as
// {error, message}.
async function call(functionKey, payload = {}) {
  const res = await invokeRemote({
    path: '/forge/panel',
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: { call: { functionKey, payload } },
  });
  if (!res || res.status >= 400) {
    const message = res && res.body && res.body.message;
    throw new Error(message || 'The assistant could not be reached.');
  }
  return res.body || {};
}

// The web panel's wording for flagged tickets (i18n keys panel.flagged.* in the plugin's
// messages.properties), in English as the rest of this panel; ForgePanelFrontendTest checks that
// these still equal the English messages.
const FLAGGED = {
  title: 'Why this ticket came to you',
  intro: 'The input check flagged this text as a possible prompt injection, so the assistant did not answer on its own. Is it an attack? Your verdict is kept as training data for this desk\'s check.',
  notAttack: 'Not an attack',
  attack: 'Confirmed attack',
  verdict: { benign: 'Verdict: not an attack', attack: 'Verdict: confirmed attack' },
  undecided: 'No verdict yet',
  score: 'score',
  by: 'by',
  saved: 'Verdict saved.',
  action: {
    route_to_human: 'handed to an agent',
    block_auto_reply: 'automatic reply blocked',
    mark_untrusted: 'answered with the text fenced as untrusted',
  },
  learnedOnly: 'learned stage only: the rules did not flag it',
};

// One flagged source as the plugin answers it (FlaggedPanelApi): {id, origin, score, action,
// learnedOnly, flaggedAt, signals: [{technique, weight, evidence}], verdict: 'benign'|'attack'|null, decidedBy}.
function verdictLine(r) {
  if (!r.verdict) return FLAGGED.undecided;
  return `${FLAGGED.verdict[r.verdict] || r.verdict} (${FLAGGED.by} ${r.decidedBy})`;
}

function Panel() {
  const [brief, setBrief] = useState(null);
  const [draft, setDraft] = useState('');
  const [suggestionId, setSuggestionId] = useState(null);
  const [busy, setBusy] = useState(true);
  const [note, setNote] = useState(null);
  const [flagged, setFlagged] = useState([]);
  const [savedId, setSavedId] = useState(null);

  const run = async (work) => {
    setBusy(true);
    setNote(null);
    try {
      await work();
    } catch (e) {
      setNote({ appearance: 'error', text: e.message });
    } finally {
      setBusy(false);
    }
  };

  useEffect(() => {
    run(async () => {
      setBrief(await call('brief'));
      setFlagged((await call('flagged')).flagged || []);
    });
  }, []);

  const suggest = () => run(async () => {
    const s = await call('suggest');
    setDraft(s.text || '');
    setSuggestionId(s.suggestionId || null);
  });

  const insert = (isPublic) => run(async () => {
    const r = await call('insert', { body: draft, public: isPublic, suggestionId });
    setNote(r.author === 'agent'
      ? { appearance: 'success', text: `Inserted as ${isPublic ? 'a public reply' : 'an internal note'}.` }
      : { appearance: 'warning', text: `Posted with the assistant's account: ${r.fallbackReason}.` });
  });

  const rate = (rating) => run(async () => {
    await call('feedback', { suggestionId, rating });
    setNote({ appearance: 'success', text: 'Thanks, feedback recorded.' });
  });

  // The answer is the judged row; it replaces the one shown, so the section updates in place.
  const judge = (id, verdict) => run(async () => {
    setSavedId(null);
    const row = await call('verdict', { id, verdict });
    setFlagged((rows) => rows.map((r) => (r.id === row.id ? row : r)));
    setSavedId(row.id);
  });

  if (busy && !brief) return <Spinner label="Loading" />;
  return (
    <Stack space="space.150">
      {note && <SectionMessage appearance={note.appearance}><Text>{note.text}</Text></SectionMessage>}
      {brief && (
        <Stack space="space.100">
          <Heading as="h4">Summary</Heading>
          <Text>{brief.summary || 'No summary yet.'}</Text>
          <Heading as="h4">[MEMORY]</Heading>
          {(brief.facts || []).map((f) => (
            <Text key={f.label + f.value}>{f.label}: {f.value}{f.internal ? ' (internal)' : ''}</Text>
          ))}
        </Stack>
      )}
      {flagged.length > 0 && (
        <Stack space="space.100">
          <Heading as="h4">{FLAGGED.title}</Heading>
          <Text>{FLAGGED.intro}</Text>
          {flagged.map((r) => (
            <Stack key={r.id} space="space.050">
              <Text>{r.origin} · {FLAGGED.score} {r.score} · {FLAGGED.action[r.action] || r.action}{r.learnedOnly ? ` · ${FLAGGED.learnedOnly}` : ''}</Text>
              <List type="unordered">
                {(r.signals || []).map((s, i) => (
                  <ListItem key={`${i}:${s.technique}`}>
                    <Text>{s.technique}{s.evidence ? `: “${s.evidence}”` : ''}</Text>
                  </ListItem>
                ))}
              </List>
              <ButtonGroup>
                <Button appearance={r.verdict === 'benign' ? 'primary' : 'default'} onClick={() => judge(r.id, 'benign')} isDisabled={busy}>{FLAGGED.notAttack}</Button>
                <Button appearance={r.verdict === 'attack' ? 'primary' : 'default'} onClick={() => judge(r.id, 'attack')} isDisabled={busy}>{FLAGGED.attack}</Button>
              </ButtonGroup>
              <Text>{verdictLine(r)}{savedId === r.id ? ` — ${FLAGGED.saved}` : ''}</Text>
            </Stack>
          ))}
        </Stack>
      )}
      <Heading as="h4">Suggested reply</Heading>
      <TextArea value={draft} onChange={(e) => setDraft(e.target.value)} isDisabled={busy} />
      <ButtonGroup>
        <Button onClick={suggest} isDisabled={busy}>{suggestionId ? 'Regenerate' : 'Suggest a reply'}</Button>
        <Button appearance="primary" onClick={() => insert(true)} isDisabled={busy || !draft.trim()}>Insert as public reply</Button>
        <Button onClick={() => insert(false)} isDisabled={busy || !draft.trim()}>Insert as internal note</Button>
      </ButtonGroup>
      {suggestionId && (
        <ButtonGroup>
          <Button onClick={() => rate(1)} isDisabled={busy}>Helpful</Button>
          <Button onClick={() => rate(-1)} isDisabled={busy}>Not helpful</Button>
        </ButtonGroup>
      )}
    </Stack>
  );
}

ForgeReconciler.render(<React.StrictMode><Panel /></React.StrictMode>);
