import nodemailer, { type Transporter } from 'nodemailer';

/** Sends e-mail through the configured SMTP server (one transport, reused). */
export class Mailer {
  private transport: Transporter | undefined;
  constructor(
    private readonly smtpUrl: string | undefined,
    private readonly from: string,
  ) {}

  /** Sends one plain-text message; throws when the server refuses it. */
  async send(to: string, subject: string, text: string): Promise<void> {
    if (!this.smtpUrl) throw new Error('SMTP_URL is not configured');
    this.transport ??= nodemailer.createTransport(this.smtpUrl);
    await this.transport.sendMail({ from: this.from, to, subject, text });
  }

  /** Closes the SMTP connection pool. */
  close(): void {
    this.transport?.close();
  }
}
