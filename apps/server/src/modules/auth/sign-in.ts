import type { SessionInfo } from '@rapport/contracts/auth';
import type { AppDeps } from '../../platform/app-deps.ts';
import { AppError } from '../../platform/errors.ts';
import { grants } from '../../platform/permissions.ts';
import {
  clearFailures,
  findActiveMemberships,
  findUserByEmail,
  insertSession,
  recentFailures,
  recordFailures,
  type MemberRow,
} from './auth.queries.ts';
import { dummyPasswordHash, verifyPassword } from './passwords.ts';
import { newSecret, sha256Hex } from './secrets.ts';

export interface SignInInput {
  email: string;
  password: string;
  workspace?: string | undefined;
  ip: string;
}

export interface SignInResult {
  sessionToken: string;
  expiresAt: Date;
  session: SessionInfo;
}

export function sessionInfo(member: MemberRow, csrfToken: string | null): SessionInfo {
  return {
    user: { id: member.userId, name: member.userName, email: member.userEmail, timeZone: member.userTimeZone },
    workspace: { id: member.workspaceId, name: member.workspaceName, slug: member.workspaceSlug, timeZone: member.workspaceTimeZone },
    role: member.role,
    timeZone: member.userTimeZone ?? member.workspaceTimeZone,
    permissions: [...grants[member.role]],
    csrfToken,
  };
}

async function assertNotThrottled(deps: AppDeps, keys: { key: string; max: number }[], since: Date): Promise<void> {
  for (const { key, max } of keys) {
    const { count: failures, oldest } = await recentFailures(deps.db, key, since);
    if (failures >= max) {
      const windowMs = deps.config.loginWindowMinutes * 60_000;
      const retryAt = new Date((oldest ?? deps.clock.now()).getTime() + windowMs);
      const seconds = Math.max(1, Math.ceil((retryAt.getTime() - deps.clock.now().getTime()) / 1000));
      throw new AppError('LOGIN_THROTTLED', {
        message: `Too many failed sign-ins. Try again in ${seconds < 90 ? `${seconds} seconds` : `${Math.ceil(seconds / 60)} minutes`}, or ask an admin to reset your password.`,
        details: { retryAfterSeconds: seconds },
      });
    }
  }
}

export async function signIn(deps: AppDeps, input: SignInInput): Promise<SignInResult> {
  const now = deps.clock.now();
  const email = input.email.trim().toLowerCase();
  const since = new Date(now.getTime() - deps.config.loginWindowMinutes * 60_000);
  const accountKey = `account:${email}`;
  const ipKey = `ip:${input.ip}`;
  await assertNotThrottled(
    deps,
    [
      { key: accountKey, max: deps.config.loginMaxFailuresPerAccount },
      { key: ipKey, max: deps.config.loginMaxFailuresPerIp },
    ],
    since,
  );
  const user = await findUserByEmail(deps.db, email);
  const isValid = await verifyPassword(user?.passwordHash ?? dummyPasswordHash, input.password);
  const members = user && isValid ? await findActiveMemberships(deps.db, user.id) : [];
  const member = input.workspace ? members.find((row) => row.workspaceSlug === input.workspace) : members[0];
  if (!user || !isValid || !member) {
    await recordFailures(deps.db, [accountKey, ipKey], now);
    throw new AppError('INVALID_CREDENTIALS', { message: 'That email and password do not match an account.' });
  }
  await clearFailures(deps.db, accountKey);
  const sessionToken = newSecret('');
  const csrfToken = newSecret('');
  const expiresAt = new Date(now.getTime() + deps.config.sessionDays * 86_400_000);
  await insertSession(deps.db, {
    tokenHash: sha256Hex(sessionToken),
    userId: user.id,
    workspaceId: member.workspaceId,
    csrfToken,
    expiresAt,
    now,
  });
  deps.logger.info({ userId: user.id, workspaceId: member.workspaceId }, 'signed in');
  return { sessionToken, expiresAt, session: sessionInfo(member, csrfToken) };
}
