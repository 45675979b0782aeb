/** Persons: registered by admins (a provider's administrator for its own staff), every change audited, concurrent changes never lost. */
import { createHarness, type Harness } from '../support/harness';

describe('persons', () => {
  let h: Harness;
  let admin: string;

  beforeAll(async () => {
    h = await createHarness();
    admin = await h.bearer('admin');
    await h.http
      .post('/v1/teams')
      .set('Authorization', admin)
      .send({ teamCode: 'T1', name: 'Team 1', municipalityCodes: ['0363'] })
      .expect(201);
    await h.http
      .post('/v1/providers')
      .set('Authorization', admin)
      .send({ agbCode: '11111111', name: 'Aanbieder', email: 'a@example.org' })
      .expect(201);
  });
  afterAll(() => h.close());

  test('an admin registers, reads, lists and changes a person; each change is audited with its actor', async () => {
    const created = await h.http
      .post('/v1/persons')
      .set('Authorization', admin)
      .send({
        name: 'Sanne',
        email: 'Sanne@Gemeente.example',
        role: 'consultant',
        teamCode: 'T1',
        registration: { register: 'SKJ', number: '100012345' },
      })
      .expect(201);
    const p = created.body as { id: string; email: string; revision: number; linked: boolean; active: boolean };
    expect(p).toMatchObject({ email: 'sanne@gemeente.example', revision: 1, linked: false, active: true });
    expect(created.headers.location).toBe(`/v1/persons/${p.id}`);
    const read = await h.http.get(`/v1/persons/${p.id}`).set('Authorization', admin).expect(200);
    expect(read.headers.etag).toBe('"1"');
    const list = await h.http.get('/v1/persons?role=consultant&teamCode=T1').set('Authorization', admin).expect(200);
    expect((list.body as { items: { id: string }[] }).items.map((i) => i.id)).toContain(p.id);
    const changed = await h.http
      .patch(`/v1/persons/${p.id}`)
      .set('Authorization', admin)
      .set('If-Match', '"1"')
      .send({ registration: null })
      .expect(200);
    expect(changed.body).toMatchObject({ registration: null, revision: 2 });
    expect(changed.headers.etag).toBe('"2"');
    const stale = await h.http
      .patch(`/v1/persons/${p.id}`)
      .set('Authorization', admin)
      .set('If-Match', '"1"')
      .send({ name: 'Sanne V.' })
      .expect(412);
    expect(stale.body.type).toMatch(/precondition-failed$/);
    const events = await h.db.database.col.auditEvents
      .find({ objectId: p.id }, { comment: 'dangerous: the test reads the trail' })
      .toArray();
    expect(events.map((e) => e.action)).toEqual(['person.create', 'person.update']);
    // a token's events name who issued it (the harness issues its tokens as 'test'), and the keyed chain holds it
    expect(events.map((e) => e.actor.createdBy)).toEqual(['test', 'test']);
    expect(await h.services.audit.verify()).toMatchObject({ ok: true });
    await h.db.database.col.auditEvents.updateOne(
      { _id: events[0]!._id },
      { $set: { 'actor.createdBy': 'someone else' } },
    );
    expect(await h.services.audit.verify()).toMatchObject({ ok: false });
    await h.db.database.col.auditEvents.updateOne({ _id: events[0]!._id }, { $set: { 'actor.createdBy': 'test' } });
  });

  test('bad input is a clear error that changes nothing', async () => {
    const before = await h.db.database.col.persons.countDocuments({}, { comment: 'dangerous: test count' });
    const cases: [unknown, number, string][] = [
      [{ name: 'X', email: 'not-an-address', role: 'admin' }, 422, '/email'],
      [{ name: 'X', email: 'x@e.example', role: 'consultant' }, 422, '/teamCode'],
      [{ name: 'X', email: 'x@e.example', role: 'provider' }, 422, '/providerAgbCode'],
      [{ name: 'X', email: 'x@e.example', role: 'consultant', teamCode: 'NOPE' }, 422, '/teamCode'],
      [{ name: 'X', email: 'x@e.example', role: 'admin', teamCode: 'T1' }, 422, '/teamCode'],
      [
        { name: 'X', email: 'x@e.example', role: 'admin', registration: { register: 'XYZ', number: '1' } },
        422,
        '/registration',
      ],
      [
        { name: 'X', email: 'x@e.example', role: 'consultant', teamCode: 'T1', supervisedBy: 'per_0000000000000000' },
        422,
        '/supervisedBy',
      ],
    ];
    for (const [body, status, path] of cases) {
      const res = await h.http
        .post('/v1/persons')
        .set('Authorization', admin)
        .send(body as object)
        .expect(status);
      expect((res.body as { errors: { path: string }[] }).errors.map((e) => e.path).join()).toContain(path);
    }
    expect(await h.db.database.col.persons.countDocuments({}, { comment: 'dangerous: test count' })).toBe(before);
  });

  test('only admins (and a provider person with canManageOrganisation) manage persons; every token can ask who it is', async () => {
    for (const [role, scope] of [
      ['consultant', { teamCode: 'T1' }],
      ['contract_manager', {}],
      ['provider', { providerAgbCode: '11111111' }],
    ] as const) {
      const bearer = await h.bearer(role, scope);
      await h.http.get('/v1/persons').set('Authorization', bearer).expect(403);
      await h.http
        .post('/v1/persons')
        .set('Authorization', bearer)
        .send({ name: 'X', email: 'y@e.example', role: 'admin' })
        .expect(403);
      const me = await h.http.get('/v1/me').set('Authorization', bearer).expect(200);
      expect(me.body).toMatchObject({
        kind: 'token',
        role,
        registration: null,
        supervisedBy: null,
        mayReadCases: true,
      });
      expect(me.body).not.toHaveProperty('csrfToken');
    }
    await h.http.get('/v1/me').expect(401);
  });

  test('ten registrations of one address at once make one person; ten concurrent changes each land once', async () => {
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        h.http
          .post('/v1/persons')
          .set('Authorization', admin)
          .send({ name: `Dubbel ${i}`, email: 'dubbel@gemeente.example', role: 'contract_manager' }),
      ),
    );
    expect(answers.filter((r) => r.status === 201)).toHaveLength(1);
    expect(answers.filter((r) => r.status === 409)).toHaveLength(9);
    expect(await h.db.database.col.persons.countDocuments({ email: 'dubbel@gemeente.example' })).toBe(1);

    const id = (answers.find((r) => r.status === 201)!.body as { id: string }).id;
    // without If-Match every change applies to the version it finds: none is lost
    const names = Array.from({ length: 10 }, (_, i) => `Naam ${i}`);
    const patched = await Promise.all(
      names.map((name) => h.http.patch(`/v1/persons/${id}`).set('Authorization', admin).send({ name })),
    );
    expect(patched.every((r) => r.status === 200 || r.status === 412)).toBe(true);
    const ok = patched.filter((r) => r.status === 200).length;
    const final = await h.db.database.col.persons.findOne({ _id: id });
    expect(final!.revision).toBe(1 + ok);
    const updates = await h.db.database.col.auditEvents.countDocuments(
      { objectId: id, action: 'person.update' },
      { comment: 'dangerous: test count' },
    );
    expect(updates).toBe(ok);
    // with If-Match, exactly one of the changes based on one version wins
    const rev = final!.revision;
    const raced = await Promise.all(
      names.map((name) =>
        h.http.patch(`/v1/persons/${id}`).set('Authorization', admin).set('If-Match', `"${rev}"`).send({ name }),
      ),
    );
    expect(raced.filter((r) => r.status === 200)).toHaveLength(1);
    expect(raced.filter((r) => r.status === 412)).toHaveLength(9);
  });
});
