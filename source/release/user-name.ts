import fs from 'node:fs';

/**
 * The name of the user `uid` from /etc/passwd, else `uid N`: enough to say whose a file is ("belongs to root").
 * Not getent: a name from NSS (LDAP) costs a process, and the uid says as much.
 */
export function userName(uid: number): string {
	try {
		for (const line of fs.readFileSync('/etc/passwd', 'utf8').split('\n')) {
			const [name, , id] = line.split(':');
			if (name && id !== undefined && Number(id) === uid && id.trim() !== '') return name;
		}
	} catch {
		// No passwd file (a minimal container): the uid it is.
	}

	return `uid ${uid}`;
}
