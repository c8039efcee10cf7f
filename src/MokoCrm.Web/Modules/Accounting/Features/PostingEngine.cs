using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using MokoCrm.Web.Modules.Accounting.Domain;
using MokoCrm.Web.Modules.Crm.Public;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Security;
using MokoCrm.Web.Platform.Setup;
using MokoCrm.Web.Platform.Setup.Domain;
using Npgsql;
using NpgsqlTypes;

namespace MokoCrm.Web.Modules.Accounting.Features;

/// <summary>
/// The one way entries get into the books. Every source (salary handler, manual entry, later invoices and payments)
/// hands it a <see cref="PostingDraft"/>; it checks, numbers, chains and writes the entry, inside the transaction of
/// the business action, so the action and its posting commit together or not at all.
/// </summary>
/// <remarks>
/// A posting costs two round trips (ADR 0008, "Cost of a posting"): one batch reads what it must check, one batch
/// locks the journal's head and writes the entry (numbered and chained from the head in SQL), its lines, the new head
/// and the balances, so parallel postings in one journal wait for each other from the write on only. The entry is written by
/// SQL, not tracked by EF: it is immutable, so nothing in the unit of work ever changes it, and it is visible to the
/// transaction's later queries (lettering, a reversal) as soon as it is posted.
/// </remarks>
public sealed class PostingEngine(AppDbContext db, ICurrentUser currentUser, TimeProvider clock, PostingEngine.LastSeenDefaults lastSeen,
    PostingEngine.LastSeenBanks lastSeenBanks, PostingEngine.IdBlocks ids)
{
    private AccountDefaults? _defaults;
    private List<BankAccountRef>? _banks;

    internal sealed record BankAccountRef(long Id, string AccountingAccount, bool Active, string Label, string JournalCode);

    /// <summary>
    /// The bank accounts this process read last (a singleton): a bank posting in a scope that has not read them yet
    /// picks the journal to lock in its check batch from them; the batch reads them again and, when the journal they
    /// give differs (a bank account added or changed since), the right one is locked in a round trip of its own.
    /// </summary>
    public sealed class LastSeenBanks
    {
        private volatile List<BankAccountRef>? _value;

        internal List<BankAccountRef>? Value
        {
            get => _value;
            set => _value = value;
        }
    }

    /// <summary>
    /// The default accounts this process read last (a singleton). A posting built by <see cref="PostAsync(Func{AccountDefaults, PostingDraft}, CancellationToken)"/>
    /// starts from them and its own read confirms them, so a changed setting is never missed and an unchanged one costs
    /// no separate query.
    /// </summary>
    public sealed class LastSeenDefaults
    {
        private volatile AccountDefaults? _value;

        public AccountDefaults? Value
        {
            get => _value;
            set => _value = value;
        }
    }

    /// <summary>How to build the draft again once the check batch has read the defaults and the third party.</summary>
    private sealed record Rebuild(Func<AccountDefaults, ThirdPartyAccounting?, PostingDraft> Build, AccountDefaults Assumed, ThirdPartyRead? ThirdParty);

    /// <summary>The third party a posting is made for, read in the posting's check batch by Crm's own statement.</summary>
    private sealed record ThirdPartyRead(IThirdPartyAccountingLookup Lookup, long Id);

    /// <summary>The default accounts of the settings screen, read once per scope.</summary>
    public async Task<AccountDefaults> DefaultsAsync(CancellationToken cancellationToken = default) =>
        _defaults ??= lastSeen.Value = Defaults((await db.Set<DefaultAccount>().AsNoTracking().Select(d => new { d.Key, d.AccountNumber }).ToListAsync(cancellationToken))
            .Select(d => (d.Key, d.AccountNumber)));

    /// <summary>The saved default accounts, and the built-in ones for keys never saved.</summary>
    private static AccountDefaults Defaults(IEnumerable<(string Key, string Account)> saved) =>
        new(saved.Concat(DefaultAccountKeys.All.Select(a => (a.Key, a.Account)))
            .GroupBy(d => d.Key).ToDictionary(g => g.Key, g => g.First().Account));

    /// <summary>
    /// Posts the draft that <paramref name="build"/> makes from the default accounts (an automatic posting). The
    /// defaults are read in the posting's own check batch; when they differ from the ones the draft was first built
    /// from (a setting changed since this process last read them), the draft is built again from the fresh ones.
    /// <paramref name="build"/> must give the same journal, date and source whatever the defaults.
    /// </summary>
    public Task<JournalEntry> PostAsync(Func<AccountDefaults, PostingDraft> build, CancellationToken cancellationToken = default) =>
        PostBuiltAsync((defaults, _) => build(defaults), null, cancellationToken);

    /// <summary>
    /// Posts the draft that <paramref name="build"/> makes from the default accounts and the third party
    /// <paramref name="thirdPartyId"/> (null when it does not exist), as <see cref="PostAsync(Func{AccountDefaults, PostingDraft}, CancellationToken)"/>.
    /// The third party is read in the posting's check batch (Crm's statement, <see cref="IThirdPartyAccountingLookup.OneSql"/>),
    /// not in a round trip of its own: the draft is first built without it (to know the accounts to check), then
    /// again with it. <paramref name="build"/> must give the same journal, date and source whatever the third party;
    /// an account it names only with the third party is read after the batch.
    /// </summary>
    public Task<JournalEntry> PostAsync(IThirdPartyAccountingLookup thirdParties, long thirdPartyId, Func<AccountDefaults, ThirdPartyAccounting?, PostingDraft> build,
        CancellationToken cancellationToken = default) =>
        PostBuiltAsync(build, new ThirdPartyRead(thirdParties, thirdPartyId), cancellationToken);

    private async Task<JournalEntry> PostBuiltAsync(Func<AccountDefaults, ThirdPartyAccounting?, PostingDraft> build, ThirdPartyRead? thirdParty,
        CancellationToken cancellationToken)
    {
        // The first posting of the process reads the defaults first; later ones assume the last seen and confirm them.
        var assumed = _defaults ?? lastSeen.Value ?? await DefaultsAsync(cancellationToken);
        return await PostCoreAsync(build(assumed, null), manual: false, new Rebuild(build, assumed, thirdParty), cancellationToken);
    }

    /// <summary>
    /// Posts the draft. Refuses (DomainException, nothing saved) an unbalanced entry, a date in a closed year or a
    /// locked period, a second posting of the same (source, kind), and for manual entries a missing or disabled
    /// account. For automatic postings a missing or disabled account never blocks: the line goes to suspense and the
    /// entry shows on the review page. Must run in a transaction (an explicit one, or the one SaveChanges opens for
    /// domain event handlers): the journal's counter row stays locked until it ends.
    /// </summary>
    public Task<JournalEntry> PostAsync(PostingDraft draft, bool manual = false, CancellationToken cancellationToken = default) =>
        PostCoreAsync(draft, manual, null, cancellationToken);

    private async Task<JournalEntry> PostCoreAsync(PostingDraft draft, bool manual, Rebuild? rebuild, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("Entries are posted inside the transaction of the business action (or of a domain event handler).");
        }

        draft.EnsureBalanced();
        var transaction = (NpgsqlTransaction)db.Database.CurrentTransaction.GetDbTransaction();
        var connection = transaction.Connection!;

        // The check batch reads the journal's head (unlocked: it is locked by the write batch) when the journal is known
        // before it: always, except for a bank posting made before this process has read the bank accounts (their journals) once.
        var lockJournal = draft.JournalCode != Journal.Bank ? draft.JournalCode
            : (_banks ?? lastSeenBanks.Value) is { } knownBanks ? BankJournal(draft, knownBanks)?.JournalCode ?? draft.JournalCode : null;

        // Ids for the entry and its lines: what is left of this process's HiLo blocks, and the new blocks needed, taken
        // in the check batch.
        var identities = ids.Reserve(db, connection, draft.Lines.Count(l => l.Debit != 0 || l.Credit != 0));
        var checks = await ReadChecksAsync(connection, transaction, draft, lockJournal, identities, rebuild?.ThirdParty, cancellationToken);
        if (rebuild is not null && (!rebuild.Assumed.SameAs(_defaults!) || checks.ThirdParty is not null))
        {
            draft = await RebuildAsync(connection, transaction, draft, rebuild.Build(_defaults!, checks.ThirdParty), checks, cancellationToken);
        }

        var bankJournal = BankJournal(draft, _banks!);
        if (bankJournal is not null)
        {
            draft = draft with { JournalCode = bankJournal.JournalCode };
        }

        if (checks.WhyClosed is { } closed)
        {
            throw new DomainException(closed);
        }

        if (checks.Posted)
        {
            // The unique index is the guarantee; this check only gives the user a sentence instead of a constraint name.
            throw new DomainException(AlreadyPosted(draft));
        }

        var defaults = _defaults!;
        var accounts = checks.Accounts;

        var lines = new List<JournalEntryLine>();
        var number = 0;
        foreach (var line in draft.Lines.Where(l => l.Debit != 0 || l.Credit != 0))
        {
            var known = line.Account is not null && accounts.ContainsKey(line.Account);
            var enabled = known && accounts[line.Account!];
            if (manual && !known)
            {
                throw new DomainException($"The account {line.Account ?? "(none)"} does not exist in the chart of accounts.");
            }

            if (manual && !enabled)
            {
                throw new DomainException($"The account {line.Account} is disabled: it takes no new entry.");
            }

            // A missing or disabled account must not block the business action: suspense, flagged for review.
            var account = enabled ? line.Account! : defaults.SuspenseAccount;
            var intended = enabled ? null : line.Account ?? "?";
            lines.Add(new JournalEntryLine(++number, draft.JournalCode, draft.Date, account, line, Truncate(line.Label, 255), intended));
        }

        // The journal's head is locked by the write batch itself, its first statement: the number and the hash chain
        // are taken there, in SQL, from the head as it stands under the lock, so parallel postings in a journal queue
        // from that round trip to their commit, not from the check batch. Only a journal not found by the check batch
        // (a bank account's first posting, or a bank journal not known before it) is locked (and opened) first.
        if (checks.Head is null || lockJournal != draft.JournalCode)
        {
            await LockJournalAsync(connection, transaction, draft.JournalCode, bankJournal is null ? null : Truncate("Bank: " + bankJournal.Label, 100), cancellationToken);
        }

        var label = Truncate(draft.Label, 255);
        var (beforeSequence, afterSequence) = LedgerHash.Canonical(draft.JournalCode, draft.Date, label, draft.SourceType, draft.SourceId, draft.Kind,
            draft.Reference, draft.Reason, draft.ReversesEntryId, lines.Select(l => l.ToHashed()));
        var entry = new JournalEntry(draft with { Label = label }, 0, "", "", clock.GetUtcNow(), currentUser.UserId, lines);
        await IdentifyAsync(connection, transaction, entry, identities, cancellationToken);

        // The journal's lock, the entry (numbered and chained from the head), its lines, the journal's new head and the
        // period, VAT and subledger balances in one round trip.
        await using (var write = new NpgsqlBatch(connection, transaction))
        {
            // Inserts and upserts by key: one plan whatever the values, made once per connection, not on every posting.
            write.BatchCommands.Add(GenericPlans.Begin());
            var head = new NpgsqlBatchCommand(HeadSql);
            head.Parameters.Add(new NpgsqlParameter<string>("code", draft.JournalCode));
            write.BatchCommands.Add(head);
            write.BatchCommands.Add(EntryCommand(entry, beforeSequence, afterSequence));
            write.BatchCommands.Add(LinesCommand(entry));
            var advance = new NpgsqlBatchCommand("""
                UPDATE accounting.journals j SET last_sequence = e.sequence, last_hash = e.hash
                FROM accounting.entries e WHERE e.id = @entry AND j.code = e.journal_code
                """);
            advance.Parameters.Add(new NpgsqlParameter<long>("entry", entry.Id));
            write.BatchCommands.Add(advance);
            write.BatchCommands.Add(PeriodBalancesCommand(draft.Date, lines));
            if (VatBalancesCommand(draft.Date, lines) is { } vat)
            {
                write.BatchCommands.Add(vat);
            }

            if (SubledgerBalancesCommand(draft.Date, lines) is { } subledgers)
            {
                write.BatchCommands.Add(subledgers);
            }

            write.BatchCommands.Add(GenericPlans.End());

            // Prepared once per pooled connection: PostgreSQL then skips parsing and planning these on every posting.
            await write.PrepareAsync(cancellationToken);
            try
            {
                await using var reader = await write.ExecuteReaderAsync(cancellationToken);
                await reader.NextResultAsync(cancellationToken); // the head, locked
                await reader.NextResultAsync(cancellationToken); // the entry as numbered and chained
                if (!await reader.ReadAsync(cancellationToken))
                {
                    throw new DomainException($"There is no journal {draft.JournalCode}.");
                }

                entry.Chain(reader.GetInt64(0), reader.GetString(1), reader.GetString(2));
                while (await reader.NextResultAsync(cancellationToken))
                {
                }
            }
            catch (PostgresException error) when (error.SqlState == PostgresErrorCodes.UniqueViolation && error.ConstraintName == PostedOnceIndex)
            {
                // Posted by a parallel transaction that committed while this one waited for the journal's lock.
                throw new DomainException(AlreadyPosted(draft));
            }
        }

        // The chain as LedgerHash (and so the verifier) computes it: a difference is a bug, refused before anything commits.
        if (LedgerHash.Of(beforeSequence, entry.Sequence, afterSequence, entry.PreviousHash) != entry.Hash)
        {
            throw new InvalidOperationException($"The hash written for {draft.JournalCode} {entry.Sequence} differs from LedgerHash's.");
        }

        AddBankLines(entry, draft);
        return entry;
    }

    /// <summary>
    /// The draft built again from the defaults just read: same journal, date and source, so the checks made stand;
    /// only accounts it names that were not checked yet are read (one more round trip, only after a settings change).
    /// </summary>
    private async Task<PostingDraft> RebuildAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, PostingDraft assumed, PostingDraft rebuilt,
        PostingChecks checks, CancellationToken cancellationToken)
    {
        if (rebuilt.JournalCode != assumed.JournalCode || rebuilt.Date != assumed.Date || rebuilt.SourceType != assumed.SourceType
            || rebuilt.SourceId != assumed.SourceId || rebuilt.Kind != assumed.Kind)
        {
            throw new InvalidOperationException("A posting's journal, date and source must not depend on the default accounts.");
        }

        rebuilt.EnsureBalanced();
        var notChecked = rebuilt.Lines.Select(l => l.Account).OfType<string>().Where(a => !checks.Accounts.ContainsKey(a)).Distinct().ToArray();
        if (notChecked.Length > 0)
        {
            await using var command = new NpgsqlCommand("SELECT number, enabled FROM accounting.accounts WHERE number = ANY(@wanted)", connection, transaction);
            command.Parameters.Add(new NpgsqlParameter<string[]>("wanted", notChecked));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                checks.Accounts[reader.GetString(0)] = reader.GetBoolean(1);
            }
        }

        return rebuilt;
    }

    /// <summary>
    /// Ids for the entry and its lines from the reservation made before the check batch; a draft rebuilt with more
    /// lines than reserved (a setting changed) takes the missing blocks in a round trip of its own.
    /// </summary>
    private async Task IdentifyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, JournalEntry entry, IdBlocks.Reservation identities,
        CancellationToken cancellationToken)
    {
        if (identities.Lines.Count < entry.Lines.Count)
        {
            await using var more = new NpgsqlCommand(ids.BlocksSql(db), connection, transaction);
            more.Parameters.Add(new NpgsqlParameter<int>("entry_blocks", 0));
            more.Parameters.Add(new NpgsqlParameter<int>("line_blocks", ids.LineBlocksFor(entry.Lines.Count - identities.Lines.Count)));
            await using var reader = await more.ExecuteReaderAsync(cancellationToken);
            var starts = new List<(bool, long)>();
            while (await reader.ReadAsync(cancellationToken))
            {
                starts.Add((reader.GetBoolean(0), reader.GetInt64(1)));
            }

            ids.Complete(identities, starts, entry.Lines.Count);
        }

        entry.Identify(identities.Entry, identities.Lines.Take(entry.Lines.Count).ToList());
    }

    /// <summary>The unique index on (source, kind) that makes a second posting impossible.</summary>
    private const string PostedOnceIndex = "ix_entries_source_type_source_id_kind";

    private static string AlreadyPosted(PostingDraft draft) => draft.Kind == EntryKind.Reversal
        ? $"{draft.Reference ?? draft.Label} has already been reversed."
        : $"{draft.Reference ?? draft.Label} has already been posted.";

    /// <summary>
    /// The entry, numbered and chained from its journal's head (locked by the statement before it in the batch, so
    /// read as committed): the next number, the head's hash as previous hash, and the SHA-256 of the canonical text
    /// around the number (<see cref="LedgerHash.Canonical"/>, UTF-8 bytes: the text holds NUL characters) and that
    /// hash, as <see cref="LedgerHash.Compute"/> gives it. Returns the number, the previous hash and the hash.
    /// </summary>
    private static NpgsqlBatchCommand EntryCommand(JournalEntry entry, string beforeSequence, string afterSequence)
    {
        var command = new NpgsqlBatchCommand("""
            INSERT INTO accounting.entries (id, journal_code, sequence, entry_date, label, source_type, source_id, kind, reference, reason,
                reverses_entry_id, previous_hash, hash, posted_at, posted_by_user_id, to_review)
            SELECT @id, j.code, j.last_sequence + 1, @date, @label, @source_type, @source_id, @kind, @reference, @reason,
                @reverses, j.last_hash,
                encode(sha256(@before_sequence || convert_to((j.last_sequence + 1)::text, 'UTF8') || @after_sequence || convert_to(j.last_hash, 'UTF8')), 'hex'),
                @posted_at, @posted_by, @to_review
            FROM accounting.journals j WHERE j.code = @journal
            RETURNING sequence, previous_hash, hash
            """);
        command.Parameters.Add(new NpgsqlParameter<long>("id", entry.Id));
        command.Parameters.Add(new NpgsqlParameter<string>("journal", entry.JournalCode));
        command.Parameters.Add(new NpgsqlParameter<byte[]>("before_sequence", System.Text.Encoding.UTF8.GetBytes(beforeSequence)));
        command.Parameters.Add(new NpgsqlParameter<byte[]>("after_sequence", System.Text.Encoding.UTF8.GetBytes(afterSequence)));
        command.Parameters.Add(new NpgsqlParameter<DateOnly>("date", entry.EntryDate));
        command.Parameters.Add(new NpgsqlParameter<string>("label", entry.Label));
        command.Parameters.Add(new NpgsqlParameter<string>("source_type", entry.SourceType));
        command.Parameters.Add(new NpgsqlParameter<long>("source_id", entry.SourceId));
        command.Parameters.Add(new NpgsqlParameter<string>("kind", entry.Kind.ToString()));
        command.Parameters.Add(Text("reference", entry.Reference));
        command.Parameters.Add(Text("reason", entry.Reason));
        command.Parameters.Add(new NpgsqlParameter("reverses", NpgsqlDbType.Bigint) { Value = (object?)entry.ReversesEntryId ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("posted_at", entry.PostedAt));
        command.Parameters.Add(new NpgsqlParameter("posted_by", NpgsqlDbType.Bigint) { Value = (object?)entry.PostedByUserId ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter<bool>("to_review", entry.ToReview));
        return command;
    }

    /// <summary>All the lines in one statement, whatever their number.</summary>
    private static NpgsqlBatchCommand LinesCommand(JournalEntry entry)
    {
        var lines = entry.Lines;
        var command = new NpgsqlBatchCommand("""
            INSERT INTO accounting.entry_lines (id, entry_id, line_number, journal_code, entry_date, account_number, subledger, debit, credit, label,
                intended_account, to_review, due_date, subledger_label, vat_rate, vat_base)
            SELECT id, @entry, n, @journal, @date, a, s, d, c, l, i, r, due, sl, vr, vb
            FROM unnest(@ids, @numbers, @accounts, @subledgers, @debits, @credits, @labels, @intended, @review, @dues, @subledger_labels, @vat_rates, @vat_bases)
                AS t(id, n, a, s, d, c, l, i, r, due, sl, vr, vb)
            """);
        command.Parameters.Add(new NpgsqlParameter<long>("entry", entry.Id));
        command.Parameters.Add(new NpgsqlParameter<string>("journal", entry.JournalCode));
        command.Parameters.Add(new NpgsqlParameter<DateOnly>("date", entry.EntryDate));
        command.Parameters.Add(new NpgsqlParameter<long[]>("ids", lines.Select(l => l.Id).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<int[]>("numbers", lines.Select(l => l.LineNumber).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<string[]>("accounts", lines.Select(l => l.AccountNumber).ToArray()));
        command.Parameters.Add(Texts("subledgers", lines.Select(l => l.Subledger)));
        command.Parameters.Add(Numbers("debits", lines.Select(l => l.Debit)));
        command.Parameters.Add(Numbers("credits", lines.Select(l => l.Credit)));
        command.Parameters.Add(new NpgsqlParameter<string[]>("labels", lines.Select(l => l.Label).ToArray()));
        command.Parameters.Add(Texts("intended", lines.Select(l => l.IntendedAccount)));
        command.Parameters.Add(new NpgsqlParameter<bool[]>("review", lines.Select(l => l.ToReview).ToArray()));
        command.Parameters.Add(new NpgsqlParameter("dues", NpgsqlDbType.Array | NpgsqlDbType.Date) { Value = lines.Select(l => l.DueDate).ToArray() });
        command.Parameters.Add(Texts("subledger_labels", lines.Select(l => l.SubledgerLabel)));
        command.Parameters.Add(new NpgsqlParameter("vat_rates", NpgsqlDbType.Array | NpgsqlDbType.Numeric) { Value = lines.Select(l => l.VatRate).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("vat_bases", NpgsqlDbType.Array | NpgsqlDbType.Numeric) { Value = lines.Select(l => l.VatBase).ToArray() });
        return command;
    }

    private static NpgsqlParameter Text(string name, string? value) => new(name, NpgsqlDbType.Varchar) { Value = (object?)value ?? DBNull.Value };

    private static NpgsqlParameter Texts(string name, IEnumerable<string?> values) => new(name, NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = values.ToArray() };

    /// <summary>
    /// Posts the mirror of a source's posting (a cancelled invoice or payment, a reversed manual entry), dated
    /// <paramref name="date"/>, once: a second reversal is refused. The lines keep their accounts as posted (a line sent
    /// to suspense is reversed out of suspense), their subledger, due date and VAT fields, and a bank line goes to the
    /// same bank account. Returns null when the source was never posted (nothing to reverse, nothing blocked).
    /// Runs in the caller's transaction like <see cref="PostAsync"/>.
    /// </summary>
    public async Task<JournalEntry?> ReverseAsync(string sourceType, long sourceId, DateOnly date, string reason, CancellationToken cancellationToken = default)
    {
        var original = await db.Set<JournalEntry>().AsNoTracking().Include(e => e.Lines)
            .SingleOrDefaultAsync(e => e.SourceType == sourceType && e.SourceId == sourceId && e.Kind == EntryKind.Posting, cancellationToken);
        if (original is null)
        {
            return null;
        }

        var banks = await db.Set<BankLine>().AsNoTracking().Where(b => b.EntryId == original.Id)
            .ToDictionaryAsync(b => b.EntryLineId, b => b.BankAccountId, cancellationToken);
        var draft = new PostingDraft(original.JournalCode, original.EntryDate, original.Label, original.SourceType, original.SourceId, original.Kind,
            original.Lines.OrderBy(l => l.LineNumber).Select(l => new PostingLine(l.AccountNumber, l.Debit, l.Credit, l.Label, l.Subledger)
            {
                BankAccountId = banks.TryGetValue(l.Id, out var bank) ? bank : null, DueDate = l.DueDate, SubledgerLabel = l.SubledgerLabel,
                VatRate = l.VatRate, VatBase = l.VatBase,
            }).ToList(),
            original.Reference);
        return await PostAsync(draft.Reversed(date, reason.Trim(), original.Id), manual: false, cancellationToken);
    }

    /// <summary>
    /// One bank line per entry line on a bank account's ledger account: the line's BankAccountId when the source gave
    /// it, else the one active bank account whose ledger account it is (several share it: the source must say which).
    /// Ids come from HiLo when the entry is added, so the bank lines point at the entry and its line before SaveChanges.
    /// </summary>
    private void AddBankLines(JournalEntry entry, PostingDraft draft)
    {
        foreach (var (line, wanted) in entry.Lines.Zip(draft.Lines.Where(l => l.Debit != 0 || l.Credit != 0)))
        {
            if (BankOf(_banks!, wanted) is { } bank)
            {
                db.Add(new BankLine(bank.Id, entry, line));
            }
        }
    }

    /// <summary>
    /// What a posting must know before it takes the journal's lock, in one round trip: whether its journal exists,
    /// whether its date may be used, whether its source was posted already, which of its accounts exist and are
    /// enabled; and, once per scope, the default accounts and the bank accounts (a handful of rows each). The lock is
    /// the write batch's (ADR 0008): a source posted by a parallel transaction meanwhile is refused there by the unique
    /// index, with the same message.
    /// </summary>
    private async Task<PostingChecks> ReadChecksAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, PostingDraft draft, string? lockJournal,
        IdBlocks.Reservation identities, ThirdPartyRead? thirdParty, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection, transaction);

        // Key lookups over small tables and unique indexes: one plan whatever the values, made once per connection.
        batch.BatchCommands.Add(GenericPlans.Begin());

        if (lockJournal is not null)
        {
            var head = new NpgsqlBatchCommand(HeadReadSql);
            head.Parameters.Add(new NpgsqlParameter<string>("code", lockJournal));
            batch.BatchCommands.Add(head);
        }

        var standing = new NpgsqlBatchCommand(FiscalCalendar.StandingSql);
        standing.Parameters.Add(new NpgsqlParameter<DateOnly>("date", draft.Date));
        batch.BatchCommands.Add(standing);
        var posted = new NpgsqlBatchCommand("SELECT EXISTS (SELECT 1 FROM accounting.entries WHERE source_type = @type AND source_id = @id AND kind = @kind)");
        posted.Parameters.Add(new NpgsqlParameter<string>("type", draft.SourceType));
        posted.Parameters.Add(new NpgsqlParameter<long>("id", draft.SourceId));
        posted.Parameters.Add(new NpgsqlParameter<string>("kind", draft.Kind.ToString()));
        batch.BatchCommands.Add(posted);
        var accounts = new NpgsqlBatchCommand("SELECT number, enabled FROM accounting.accounts WHERE number = ANY(@wanted)");
        accounts.Parameters.Add(new NpgsqlParameter<string[]>("wanted", draft.Lines.Select(l => l.Account).OfType<string>().Distinct().ToArray()));
        batch.BatchCommands.Add(accounts);
        var readDefaults = _defaults is null;
        if (readDefaults)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT key, account_number FROM accounting.default_accounts"));
        }

        var readBanks = _banks is null;
        if (readBanks)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT id, accounting_account, active, label, journal_code FROM platform.bank_accounts"));
        }

        if (thirdParty is not null)
        {
            var party = new NpgsqlBatchCommand(thirdParty.Lookup.OneSql);
            party.Parameters.Add(new NpgsqlParameter<long>("third_party_id", thirdParty.Id));
            batch.BatchCommands.Add(party);
        }

        if (identities.MissingEntryBlocks + identities.MissingLineBlocks > 0)
        {
            var blocks = new NpgsqlBatchCommand(ids.BlocksSql(db));
            blocks.Parameters.Add(new NpgsqlParameter<int>("entry_blocks", identities.MissingEntryBlocks));
            blocks.Parameters.Add(new NpgsqlParameter<int>("line_blocks", identities.MissingLineBlocks));
            batch.BatchCommands.Add(blocks);
        }

        batch.BatchCommands.Add(GenericPlans.End());
        await batch.PrepareAsync(cancellationToken);
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.NextResultAsync(cancellationToken);
        (long, string)? journalHead = null;
        if (lockJournal is not null)
        {
            if (await reader.ReadAsync(cancellationToken))
            {
                journalHead = (reader.GetInt64(0), reader.GetString(1));
            }

            await reader.NextResultAsync(cancellationToken);
        }

        await reader.ReadAsync(cancellationToken);
        var why = FiscalCalendar.Explain(
            new FiscalCalendar.DateStanding(reader.GetBoolean(0), NullableString(reader, 1), NullableString(reader, 2),
                reader.IsDBNull(3) ? null : reader.GetFieldValue<DateOnly>(3), reader.IsDBNull(4) ? null : reader.GetFieldValue<DateOnly>(4), NullableString(reader, 5)),
            draft.Date);
        await reader.NextResultAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var wasPosted = reader.GetBoolean(0);
        await reader.NextResultAsync(cancellationToken);
        var known = new Dictionary<string, bool>();
        while (await reader.ReadAsync(cancellationToken))
        {
            known[reader.GetString(0)] = reader.GetBoolean(1);
        }

        if (readDefaults)
        {
            await reader.NextResultAsync(cancellationToken);
            var saved = new List<(string Key, string Account)>();
            while (await reader.ReadAsync(cancellationToken))
            {
                saved.Add((reader.GetString(0), reader.GetString(1)));
            }

            _defaults = lastSeen.Value = Defaults(saved);
        }

        if (readBanks)
        {
            await reader.NextResultAsync(cancellationToken);
            var banks = new List<BankAccountRef>();
            while (await reader.ReadAsync(cancellationToken))
            {
                banks.Add(new BankAccountRef(reader.GetInt64(0), reader.GetString(1), reader.GetBoolean(2), reader.GetString(3), reader.GetString(4)));
            }

            _banks = lastSeenBanks.Value = banks;
        }

        ThirdPartyAccounting? found = null;
        if (thirdParty is not null)
        {
            await reader.NextResultAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                found = thirdParty.Lookup.Read(reader);
            }
        }

        if (identities.MissingEntryBlocks + identities.MissingLineBlocks > 0)
        {
            await reader.NextResultAsync(cancellationToken);
            var starts = new List<(bool, long)>();
            while (await reader.ReadAsync(cancellationToken))
            {
                starts.Add((reader.GetBoolean(0), reader.GetInt64(1)));
            }

            ids.Complete(identities, starts, identities.Wanted);
        }

        return new PostingChecks(why, wasPosted, known, journalHead, found);
    }

    private static string? NullableString(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    /// <summary>What the check batch found; <see cref="Head"/> is the locked journal's head (null when none was locked or the journal does not exist).</summary>
    private sealed record PostingChecks(string? WhyClosed, bool Posted, Dictionary<string, bool> Accounts, (long Sequence, string Hash)? Head,
        ThirdPartyAccounting? ThirdParty);

    /// <summary>The line's bank account: the one it names, else the one active bank account whose ledger account it is.</summary>
    private static BankAccountRef? BankOf(List<BankAccountRef> banks, PostingLine line) =>
        line.BankAccountId is { } id && banks.FirstOrDefault(b => b.Id == id) is { } named
            ? named
            : banks.Where(b => b.Active && b.AccountingAccount == line.Account).ToList() is [var only] ? only : null;

    /// <summary>
    /// A bank posting (a draft in the generic bank journal BQ) goes to the journal of the bank account it moves: the
    /// first of its lines with a bank account. Null when the draft is not a bank posting or names no bank account.
    /// </summary>
    private static BankAccountRef? BankJournal(PostingDraft draft, List<BankAccountRef> banks) =>
        draft.JournalCode != Journal.Bank
            ? null
            : draft.Lines.Select(l => BankOf(banks, l)).FirstOrDefault(b => b is not null && !string.IsNullOrWhiteSpace(b.JournalCode));

    /// <summary>
    /// Locks the journal's head row and returns it. A bank account's journal (<paramref name="openAs"/> its label) is
    /// opened, empty, at its first posting; any other missing journal is refused.
    /// </summary>
    private static async Task<(long Sequence, string Hash)> LockJournalAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string code,
        string? openAs, CancellationToken cancellationToken)
    {
        // The journal row is the counter: locked until the posting transaction ends, so parallel postings in one
        // journal queue here, and a rollback gives the sequence number back (no gap).
        if (await ReadHeadAsync(connection, transaction, code, cancellationToken) is { } head)
        {
            return head;
        }

        if (openAs is null)
        {
            throw new DomainException($"There is no journal {code}.");
        }

        // The id comes from the table's HiLo sequence: one nextval reserves a whole block EF never hands out.
        await using (var open = new NpgsqlCommand("""
            INSERT INTO accounting.journals (id, code, label, last_sequence, last_hash)
            VALUES (nextval('accounting.journals_hilo'), @code, @label, 0, '') ON CONFLICT (code) DO NOTHING
            """, connection, transaction))
        {
            open.Parameters.Add(new NpgsqlParameter<string>("code", code));
            open.Parameters.Add(new NpgsqlParameter<string>("label", openAs));
            await open.ExecuteNonQueryAsync(cancellationToken);
        }

        return await ReadHeadAsync(connection, transaction, code, cancellationToken) ?? throw new DomainException($"There is no journal {code}.");
    }

    private const string HeadSql = "SELECT last_sequence, last_hash FROM accounting.journals WHERE code = @code FOR UPDATE";

    private const string HeadReadSql = "SELECT last_sequence, last_hash FROM accounting.journals WHERE code = @code";

    private static async Task<(long Sequence, string Hash)?> ReadHeadAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string code,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(HeadSql, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<string>("code", code));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? (reader.GetInt64(0), reader.GetString(1)) : null;
    }

    private static NpgsqlBatchCommand PeriodBalancesCommand(DateOnly date, IReadOnlyList<JournalEntryLine> lines)
    {
        // Rows in account order, so two postings touching the same accounts lock them in the same order.
        var perAccount = lines.GroupBy(l => l.AccountNumber).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        var command = new NpgsqlBatchCommand("""
            INSERT INTO accounting.account_period_balances AS b (account_number, period_start, debit, credit)
            SELECT a, @period, d, c FROM unnest(@accounts, @debits, @credits) AS t(a, d, c) ORDER BY a
            ON CONFLICT (account_number, period_start) DO UPDATE SET debit = b.debit + excluded.debit, credit = b.credit + excluded.credit
            """);
        command.Parameters.Add(new NpgsqlParameter<DateOnly>("period", new DateOnly(date.Year, date.Month, 1)));
        command.Parameters.Add(new NpgsqlParameter<string[]>("accounts", perAccount.Select(g => g.Key).ToArray()));
        command.Parameters.Add(Numbers("debits", perAccount.Select(g => g.Sum(l => l.Debit))));
        command.Parameters.Add(Numbers("credits", perAccount.Select(g => g.Sum(l => l.Credit))));
        return command;
    }

    /// <summary>The VAT lines per account and rate, what the VAT report adds up by month; null when there are none.</summary>
    private static NpgsqlBatchCommand? VatBalancesCommand(DateOnly date, IReadOnlyList<JournalEntryLine> lines)
    {
        var perRate = lines.Where(l => VatPeriodBalance.Tracks(l.AccountNumber)).GroupBy(l => (l.AccountNumber, Rate: l.VatRate ?? VatPeriodBalance.NoRate))
            .OrderBy(g => g.Key.AccountNumber, StringComparer.Ordinal).ThenBy(g => g.Key.Rate).ToList();
        if (perRate.Count == 0)
        {
            return null;
        }

        var command = new NpgsqlBatchCommand("""
            INSERT INTO accounting.vat_period_balances AS b (account_number, period_start, vat_rate, debit, credit, base_on_debit, base_on_credit, base_total)
            SELECT a, @period, r, d, c, bd, bc, bt FROM unnest(@vat_accounts, @vat_rates, @vat_debits, @vat_credits, @vat_bases_debit, @vat_bases_credit, @vat_bases)
                AS t(a, r, d, c, bd, bc, bt) ORDER BY a, r
            ON CONFLICT (account_number, period_start, vat_rate) DO UPDATE SET debit = b.debit + excluded.debit, credit = b.credit + excluded.credit,
                base_on_debit = b.base_on_debit + excluded.base_on_debit, base_on_credit = b.base_on_credit + excluded.base_on_credit,
                base_total = b.base_total + excluded.base_total
            """);
        command.Parameters.Add(new NpgsqlParameter<DateOnly>("period", new DateOnly(date.Year, date.Month, 1)));
        command.Parameters.Add(new NpgsqlParameter<string[]>("vat_accounts", perRate.Select(g => g.Key.AccountNumber).ToArray()));
        command.Parameters.Add(Numbers("vat_rates", perRate.Select(g => g.Key.Rate)));
        command.Parameters.Add(Numbers("vat_debits", perRate.Select(g => g.Sum(l => l.Debit))));
        command.Parameters.Add(Numbers("vat_credits", perRate.Select(g => g.Sum(l => l.Credit))));
        command.Parameters.Add(Numbers("vat_bases_debit", perRate.Select(g => g.Where(l => l.Debit > 0).Sum(l => l.VatBase ?? 0m))));
        command.Parameters.Add(Numbers("vat_bases_credit", perRate.Select(g => g.Where(l => l.Credit > 0).Sum(l => l.VatBase ?? 0m))));
        command.Parameters.Add(Numbers("vat_bases", perRate.Select(g => g.Sum(l => l.VatBase ?? 0m))));
        return command;
    }

    private static NpgsqlParameter<decimal[]> Numbers(string name, IEnumerable<decimal> values) =>
        new(name, values.ToArray()) { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Numeric };

    private static NpgsqlBatchCommand? SubledgerBalancesCommand(DateOnly date, IReadOnlyList<JournalEntryLine> lines)
    {
        var perSubledger = lines.Where(l => l.Subledger is not null).GroupBy(l => (l.AccountNumber, l.Subledger!))
            .OrderBy(g => g.Key.AccountNumber, StringComparer.Ordinal).ThenBy(g => g.Key.Item2, StringComparer.Ordinal).ToList();
        if (perSubledger.Count == 0)
        {
            return null;
        }

        var command = new NpgsqlBatchCommand("""
            INSERT INTO accounting.subledger_period_balances AS b (account_number, subledger, period_start, debit, credit, label)
            SELECT a, s, @period, d, c, n FROM unnest(@accounts, @subledgers, @debits, @credits, @labels) AS t(a, s, d, c, n) ORDER BY a, s
            ON CONFLICT (account_number, subledger, period_start) DO UPDATE
                SET debit = b.debit + excluded.debit, credit = b.credit + excluded.credit, label = coalesce(excluded.label, b.label)
            """);
        command.Parameters.Add(new NpgsqlParameter<DateOnly>("period", new DateOnly(date.Year, date.Month, 1)));
        command.Parameters.Add(new NpgsqlParameter<string[]>("accounts", perSubledger.Select(g => g.Key.AccountNumber).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<string[]>("subledgers", perSubledger.Select(g => g.Key.Item2).ToArray()));
        command.Parameters.Add(Numbers("debits", perSubledger.Select(g => g.Sum(l => l.Debit))));
        command.Parameters.Add(Numbers("credits", perSubledger.Select(g => g.Sum(l => l.Credit))));
        command.Parameters.Add(new NpgsqlParameter("labels", NpgsqlDbType.Array | NpgsqlDbType.Text)
        {
            Value = perSubledger.Select(g => g.Select(l => l.SubledgerLabel).FirstOrDefault(n => n is not null)).ToArray(),
        });
        return command;
    }

    /// <summary>
    /// Ids of entries and their lines, a HiLo block at a time from the tables' own sequences (a singleton). As with EF's
    /// HiLo, one <c>nextval</c> gives a block of the sequence's increment that nobody else hands out, so ids stay dense
    /// and never collide with the ones EF gives. A posting reserves its ids before its check batch; when what is left
    /// of this process's blocks does not cover them, the new blocks' <c>nextval</c> rides in that batch instead of a
    /// round trip of its own (EF's generator took one every other posting for the lines).
    /// </summary>
    public sealed class IdBlocks
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Blocks> _perDatabase = new();
        private (string Sql, int EntryBlock, int LineBlock)? _model;

        /// <summary>What is left of the blocks taken from one database's sequences (EF's HiLo also keeps its blocks per database).</summary>
        internal sealed class Blocks
        {
            public readonly Lock Gate = new();

            /// <summary>Ranges of ids not handed out yet [next, end): postings that took new blocks at the same time each leave one.</summary>
            public readonly List<(long Next, long End)> Entries = [], Lines = [];
        }

        /// <summary>What one posting took: its entry id (0 until a block came), its line ids, and the blocks still to take.</summary>
        internal sealed class Reservation(int wanted, Blocks blocks)
        {
            public Blocks From { get; } = blocks;

            public int Wanted { get; } = wanted;

            public long Entry { get; set; }

            public List<long> Lines { get; } = new(wanted);

            public int MissingEntryBlocks { get; set; }

            public int MissingLineBlocks { get; set; }
        }

        /// <summary>One row per new block (false: entries, true: lines; its first id); parameters @entry_blocks and @line_blocks.</summary>
        internal string BlocksSql(AppDbContext db) => Model(db).Sql;

        internal Reservation Reserve(AppDbContext db, NpgsqlConnection connection, int lines)
        {
            var model = Model(db);
            var blocks = _perDatabase.GetOrAdd($"{connection.Host}:{connection.Port}/{connection.Database}", _ => new Blocks());
            var reservation = new Reservation(lines, blocks);
            lock (blocks.Gate)
            {
                var entry = new List<long>(1);
                Take(blocks.Entries, entry, 1);
                reservation.Entry = entry.FirstOrDefault();
                reservation.MissingEntryBlocks = entry.Count == 0 ? 1 : 0;
                Take(blocks.Lines, reservation.Lines, lines);
            }

            reservation.MissingLineBlocks = BlocksFor(lines - reservation.Lines.Count, model.LineBlock);
            return reservation;
        }

        internal int LineBlocksFor(int missing) => BlocksFor(missing, _model!.Value.LineBlock);

        /// <summary>Takes the reservation's ids from the new blocks; the rest of them is left for the next postings.</summary>
        internal void Complete(Reservation reservation, IEnumerable<(bool IsLine, long Start)> starts, int wantedLines)
        {
            var (_, entryBlock, lineBlock) = _model!.Value;
            var blocks = reservation.From;
            lock (blocks.Gate)
            {
                foreach (var (isLine, start) in starts)
                {
                    if (!isLine)
                    {
                        reservation.Entry = start;
                        blocks.Entries.Add((start + 1, start + entryBlock));
                        continue;
                    }

                    blocks.Lines.Add((start, start + lineBlock));
                    Take(blocks.Lines, reservation.Lines, wantedLines);
                }
            }

            reservation.MissingEntryBlocks = 0;
            reservation.MissingLineBlocks = 0;
        }

        private static int BlocksFor(int missing, int block) => missing <= 0 ? 0 : (missing + block - 1) / block;

        /// <summary>Moves ids from the ranges left into <paramref name="into"/> until it holds <paramref name="wanted"/>.</summary>
        private static void Take(List<(long Next, long End)> ranges, List<long> into, int wanted)
        {
            while (into.Count < wanted && ranges.Count > 0)
            {
                var (next, end) = ranges[0];
                while (into.Count < wanted && next < end)
                {
                    into.Add(next++);
                }

                if (next < end)
                {
                    ranges[0] = (next, end);
                }
                else
                {
                    ranges.RemoveAt(0);
                }
            }
        }

        private (string Sql, int EntryBlock, int LineBlock) Model(AppDbContext db)
        {
            return _model ??= Build();

            (string, int, int) Build()
            {
                var entries = Sequence(typeof(JournalEntry));
                var lines = Sequence(typeof(JournalEntryLine));
                return ($"""
                    SELECT false, nextval('{entries.Schema}.{entries.Name}') FROM generate_series(1, @entry_blocks)
                    UNION ALL SELECT true, nextval('{lines.Schema}.{lines.Name}') FROM generate_series(1, @line_blocks)
                    """, entries.IncrementBy, lines.IncrementBy);
            }

            Microsoft.EntityFrameworkCore.Metadata.IReadOnlySequence Sequence(Type entity) =>
                db.Model.FindEntityType(entity)!.FindProperty(nameof(Entity.Id))!.FindHiLoSequence()
                ?? throw new InvalidOperationException($"{entity.Name} ids are expected from a HiLo sequence.");
        }
    }

    private static string Truncate(string value, int length) => value.Length <= length ? value : value[..length];
}
