// The Cloud side panel (UI Kit). Every action is one Forge Remote call to the self-hosted plugin:
// invokeRemote (from @forge/bridge) POSTs {call: {functionKey, payload}} to /forge/panel on the
// remote of manifest.yml; Forge adds the Forge Invocation Token and, because the endpoint enables
// appUserToken, the agent's own token, so a reply inserted here is authored by the agent.
// The plugin trusts only the token: the issue is the one Jira issued it for.
import React, { useEffect, useState } from 'react';
import ForgeReconciler, {
  Button, ButtonGroup, Heading, SectionMessage, Spinner, Stack, Text, TextArea,
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

function Panel() {
  const [brief, setBrief] = useState(null);
  const [draft, setDraft] = useState('');
  const [suggestionId, setSuggestionId] = useState(null);
  const [busy, setBusy] = useState(true);
  const [note, setNote] = useState(null);

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

  useEffect(() => { run(async () => setBrief(await call('brief'))); }, []);

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
