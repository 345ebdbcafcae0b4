import type { DemoCitizen } from '../../scripts/lib/dev-idp.ts';

/** The citizen of the sign-in tests: a new user of the portal, as the provider describes them. */
export const TEST_CITIZEN: DemoCitizen = {
  id: 'cong-dan-moi',
  fullName: 'Trần Văn Mới',
  idNumber: '058092004321',
  birthDate: '14/07/1992',
};
