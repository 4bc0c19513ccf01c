import 'server-only';
import { issuerInstance as issuer } from './issuer-instance';

// Berth's pages finish the issuer's interactions (login and consent) themselves: they share
// its database, so a page marks the interaction done and sends the browser back to the
// issuer, which resumes the flow with the cookie it set when the flow began.

export type SignOnRequest = { uid: string; clientId: string; clientName: string; scopes: string[]; device: boolean; expiresAt: Date };

/** The pending interaction `uid`, or null when it does not exist or has expired. */
export async function findSignOn(uid: string): Promise<SignOnRequest | null> {
  const p = await issuer();
  const interaction = await p.Interaction.find(uid);
  if (!interaction || interaction.isExpired) return null;
  const clientId = String(interaction.params.client_id ?? '');
  const client = clientId ? await p.Client.find(clientId) : undefined;
  if (!client) return null;
  return {
    uid,
    clientId,
    clientName: client.clientName ?? clientId,
    scopes: String(interaction.params.scope ?? '').split(' ').filter(Boolean),
    device: interaction.deviceCode !== undefined || String(interaction.returnTo).includes('/device/'),
    expiresAt: new Date((interaction.exp ?? 0) * 1000),
  };
}

/**
 * Finishes the interaction for `accountId` (login and consent to the requested scopes at
 * once: Berth's clients are its own) or refuses it; returns where the browser goes next.
 */
export async function finishSignOn(uid: string, outcome: { accountId: string } | { refused: true }): Promise<string | null> {
  const p = await issuer();
  const interaction = await p.Interaction.find(uid);
  if (!interaction || interaction.isExpired) return null;
  if ('refused' in outcome) {
    interaction.result = { error: 'access_denied', error_description: 'The sign-in was cancelled in Berth.' };
  } else {
    const clientId = String(interaction.params.client_id);
    const grant = interaction.grantId ? ((await p.Grant.find(interaction.grantId)) ?? new p.Grant({ accountId: outcome.accountId, clientId })) : new p.Grant({ accountId: outcome.accountId, clientId });
    if (grant.accountId !== outcome.accountId) return null;
    grant.addOIDCScope(String(interaction.params.scope ?? 'openid'));
    const grantId = await grant.save();
    interaction.result = { login: { accountId: outcome.accountId }, consent: { grantId } };
  }
  await interaction.save(Math.max(1, (interaction.exp ?? 0) - Math.floor(Date.now() / 1000)));
  return interaction.returnTo;
}
