// Changes the test directory as its administrator, to prove that logins follow it.
import { Attribute, Change, Client } from 'ldapts';

const url = () => process.env.LDAP_URL!;
const adminDn = () => process.env.BERTH_TEST_LDAP_ADMIN_DN!;
const adminPassword = () => process.env.BERTH_TEST_LDAP_ADMIN_PASSWORD!;

export const userDn = (uid: string) => `uid=${uid},ou=people,dc=berth,dc=test`;
export const groupDn = (cn: string) => `cn=${cn},ou=groups,dc=berth,dc=test`;

async function asAdmin(fn: (c: Client) => Promise<void>) {
  const c = new Client({ url: url() });
  try {
    await c.bind(adminDn(), adminPassword());
    await fn(c);
  } finally {
    await c.unbind();
  }
}

export async function setGroupMember(group: string, uid: string, member: boolean) {
  await asAdmin((c) =>
    c.modify(groupDn(group), new Change({ operation: member ? 'add' : 'delete', modification: new Attribute({ type: 'member', values: [userDn(uid)] }) })),
  );
}

export async function setEmployeeType(uid: string, value: string | null) {
  await asAdmin((c) =>
    c.modify(userDn(uid), new Change({ operation: 'replace', modification: new Attribute({ type: 'employeeType', values: value ? [value] : [] }) })),
  );
}
