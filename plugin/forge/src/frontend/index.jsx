// The panel asks the plugin (through the Forge Remote endpoint in manifest.yml) for the viewed
// ticket's assistant state. Forge attaches a Forge Invocation Token to the call; the plugin checks it
// and answers only for the issue named in the token's context, so nothing here is trusted.
import React, { useEffect, useState } from 'react';
import ForgeReconciler, { Box, Button, Heading, SectionMessage, Spinner, Stack, Text, TextArea } from '@forge/react';
import { invoke } from '@forge/bridge';

function Panel() {
  const [state, setState] = useState({ loading: true });
  const [draft, setDraft] = useState('');

  const load = async (action = 'view', body = {}) => {
    setState((s) => ({ ...s, loading: true }));
    try {
      const data = await invoke(action, body);
      setState({ loading: false, data });
      if (data && data.suggestion) setDraft(data.suggestion);
    } catch (e) {
      setState({ loading: false, error: 'The assistant could not be reached. Sign in again or ask an admin.' });
    }
  };

  useEffect(() => { load(); }, []);

  if (state.loading) return <Spinner label="Loading" />;
  if (state.error) return <SectionMessage appearance="error"><Text>{state.error}</Text></SectionMessage>;
  const d = state.data || {};
  return (
    <Stack space="space.150">
      <Heading as="h4">Summary</Heading>
      <Text>{d.summary || 'No summary yet.'}</Text>
      <Heading as="h4">[MEMORY]</Heading>
      {(d.memory || []).map((f) => <Text key={f.label + f.value}>{f.label}: {f.value}</Text>)}
      <Heading as="h4">Suggested reply</Heading>
      <TextArea value={draft} onChange={(e) => setDraft(e.target.value)} />
      <Box>
        <Button onClick={() => load('suggest')}>Regenerate</Button>
        <Button appearance="primary" onClick={() => load('send', { body: draft, public: true })}>Insert as public reply</Button>
        <Button onClick={() => load('send', { body: draft, public: false })}>Insert as internal note</Button>
      </Box>
    </Stack>
  );
}

ForgeReconciler.render(<React.StrictMode><Panel /></React.StrictMode>);
