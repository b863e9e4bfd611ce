/** The sandbox's SMTP catcher: what nodemailer (n8n's Send Email) sends arrives, readable over HTTP. */
const nodemailer = require('nodemailer');
const { startSandbox } = require('../../sandbox');

let sandbox;
beforeEach(async () => {
	sandbox = await startSandbox();
});
afterEach(async () => {
	await sandbox.close();
});

const transport = () =>
	nodemailer.createTransport({
		host: sandbox.smtp.host,
		port: sandbox.smtp.port,
		secure: false,
		ignoreTLS: true,
	});

test('a message sent with nodemailer is caught and listed at GET /__sandbox/mail on every port', async () => {
	const long = `Approve: http://127.0.0.1:5678/webhook-waiting/7/node?approved=true&signature=${'a'.repeat(90)}`;
	await transport().sendMail({
		from: 'n8n@campus.example',
		to: 'admin@campus.example',
		subject: 'Nightly sync: 3 held — approve?',
		html: `<p>${long}</p>\n.\n<p>ünïcode</p>`,
	});
	for (const vendor of ['opscom', 'valt', 'rcams']) {
		const mail = await (await fetch(`${sandbox[vendor].url}/__sandbox/mail`)).json();
		expect(mail).toEqual([
			expect.objectContaining({
				mailFrom: 'n8n@campus.example',
				rcptTo: ['admin@campus.example'],
				to: 'admin@campus.example',
				subject: 'Nightly sync: 3 held — approve?',
			}),
		]);
		// Long lines, "=" and non-ASCII arrive decoded; a lone "." line survives dot-stuffing.
		expect(mail[0].text).toContain('approved=true');
		expect(mail[0].text).toContain(`signature=${'a'.repeat(90)}`);
		expect(mail[0].text).toContain('\n.\n');
		expect(mail[0].text).toContain('ünïcode');
	}
	await fetch(`${sandbox.rcams.url}/__sandbox/mail`, { method: 'DELETE' });
	expect(sandbox.smtp.messages).toEqual([]);
});

test('two messages on one connection are two messages', async () => {
	const pooled = nodemailer.createTransport({
		host: sandbox.smtp.host,
		port: sandbox.smtp.port,
		secure: false,
		ignoreTLS: true,
		pool: true,
	});
	await Promise.all([
		pooled.sendMail({ from: 'a@x.example', to: 'b@x.example', subject: 'one', text: 'first' }),
		pooled.sendMail({ from: 'a@x.example', to: 'c@x.example', subject: 'two', text: 'second' }),
	]);
	pooled.close();
	expect(sandbox.smtp.messages.map((m) => `${m.subject}: ${m.text.trim()}`).sort()).toEqual([
		'one: first',
		'two: second',
	]);
});
