import type { IDataObject } from 'n8n-workflow';

import { vendorId } from '../shared/validation';

/**
 * One output shape for RCAMS's inconsistent names. The vendor calls the token usr_tokenid
 * (requests), user_tokenid (get) or user_token (list, create); `user_name` is the login in
 * get but the full name in list, where get's full name is `user_names`. The user table
 * (actions/user/fields.ts) reads the list's shape; `listedShape` puts Get's answer in it.
 */

const defined = (values: IDataObject): IDataObject =>
	Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined));

/**
 * IDs come back as "1" or 1: output numbers when they are numeric, and keep digits too large
 * for an exact number as text.
 */
export const toId = vendorId;

/** "1,3,5" → [1, 3, 5]; an empty string is no districts. */
export function idList(value: unknown): Array<number | string> | undefined {
	if (typeof value !== 'string') return undefined;
	return value
		.split(',')
		.map((part) => part.trim())
		.filter(Boolean)
		.map((part) => vendorId(part) as number | string);
}

/** A user as Get answers it, in the shape of the user list, with the login Get adds. */
export function listedShape(got: IDataObject): IDataObject {
	const { user_tokenid: token, user_names: fullName, user_name: login, ...rest } = got;
	return { ...rest, user_token: token, user_name: fullName, login };
}

export function normalizeDistrict(raw: IDataObject): IDataObject {
	return defined({ districtId: toId(raw.district_id), districtName: raw.district_name });
}

const list = (value: unknown) => (Array.isArray(value) ? (value as IDataObject[]) : []);

/** userdata.php's tree: districts → schools → Wi-Fi networks and groups. */
export function normalizeMyData(raw: IDataObject): IDataObject {
	return {
		districts: list(raw.districts).map((district) => ({
			...normalizeDistrict(district),
			schools: list(district.schools).map((school) => ({
				schoolId: toId(school.school_id),
				schoolName: school.school_name,
				schoolAddress: school.school_address,
				wifiNetworks: list(school.wifi_ssids).map((wifi) =>
					defined({
						ssidId: toId(wifi.ssid_id),
						ssidName: wifi.ssid_name,
						password: wifi.password,
					}),
				),
				groups: list(school.groups).map((group) => ({
					groupId: toId(group.group_id),
					groupName: group.group_name,
				})),
			})),
		})),
	};
}

/** A response without its envelope (status, message): the record itself. */
export function vendorFields(response: IDataObject): IDataObject {
	return Object.fromEntries(
		Object.entries(response).filter(([key]) => key !== 'status' && key !== 'message'),
	);
}
