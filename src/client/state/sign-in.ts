import * as v from 'valibot';
import { LoginRequestSchema, LoginResponseSchema } from '../../shared/api';
import type { Therapist } from '../../shared/domain';
import { postJson } from '../sync/api-client';
import { rememberAccount, type Account } from './account';
import { clearWipeNotice } from './device-traces';

// Loaded with the sign-in screen, which a signed-in phone never downloads.

export async function signIn(email: string, password: string): Promise<Therapist> {
  const body = v.parse(LoginRequestSchema, { email, password });
  const { therapist, signOutToken } = await postJson('/api/auth/login', body, LoginResponseSchema);
  const next: Account = { therapistId: therapist.id, signOutToken };
  clearWipeNotice();
  rememberAccount(next);
  return therapist;
}

