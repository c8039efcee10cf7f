using MokoCrm.Web.Platform.Domain;

namespace MokoCrm.Web.Modules.Accounting.Domain;

/// <summary>
/// Lettering (lettrage): debit and credit lines of one third party on one account (an invoice and the payments that
/// settle it) matched under a letter code (AA, AB ...) on a date. The entries stay immutable: the matching lives
/// beside them, can be undone, and is not part of the hash chain. The FEC shows it as EcritureLet / DateLet.
/// </summary>
public sealed class Lettering : Entity
{
    private readonly List<LetteredLine> _lines = [];

    private Lettering()
    {
    }

    internal Lettering(string accountNumber, string subledger, string code, DateOnly date, bool automatic, long? userId, DateTimeOffset at, IEnumerable<long> lineIds)
    {
        AccountNumber = accountNumber;
        Subledger = subledger;
        Code = code;
        Date = date;
        Automatic = automatic;
        CreatedByUserId = userId;
        CreatedAt = at;
        _lines.AddRange(lineIds.Select(id => new LetteredLine(id)));
    }

    public string AccountNumber { get; private set; } = "";

    public string Subledger { get; private set; } = "";

    /// <summary>AA, AB ... ZZ, AAA: the next free code of this account and third party.</summary>
    public string Code { get; private set; } = "";

    /// <summary>The lettering date (FEC DateLet).</summary>
    public DateOnly Date { get; private set; }

    /// <summary>Made by the application when an invoice became paid, rather than by a person.</summary>
    public bool Automatic { get; private set; }

    public long? CreatedByUserId { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public IReadOnlyList<LetteredLine> Lines => _lines;
}

/// <summary>An entry line under a letter code; a line has at most one.</summary>
public sealed class LetteredLine
{
    private LetteredLine()
    {
    }

    internal LetteredLine(long entryLineId) => EntryLineId = entryLineId;

    public long EntryLineId { get; private set; }

    public long LetteringId { get; private set; }
}

/// <summary>One line offered for lettering: its account, third party and amounts.</summary>
public sealed record LetterableLine(long Id, string AccountNumber, string? Subledger, decimal Debit, decimal Credit, bool Lettered);

/// <summary>Pure rules of lettering: what may be matched, and the next letter code.</summary>
public static class LetteringRules
{
    /// <summary>
    /// Refuses (with the reason) anything but two or more lines, not yet lettered, of one third party on one account,
    /// with at least one debit and one credit, whose debits equal their credits.
    /// </summary>
    public static void Check(IReadOnlyCollection<LetterableLine> lines)
    {
        if (lines.Count < 2)
        {
            throw new DomainException("Select at least two lines to letter: a debit and the credits that settle it.");
        }

        if (lines.FirstOrDefault(l => l.Lettered) is { } lettered)
        {
            throw new DomainException($"Line {lettered.Id} is already lettered: unletter it first.");
        }

        if (lines.Select(l => l.AccountNumber).Distinct().Count() > 1 || lines.Select(l => l.Subledger).Distinct().Count() > 1)
        {
            throw new DomainException("Lettering matches lines of one third party on one account only.");
        }

        if (lines.First().Subledger is null)
        {
            throw new DomainException("Only lines with a third party (subledger) can be lettered.");
        }

        var debit = lines.Sum(l => l.Debit);
        var credit = lines.Sum(l => l.Credit);
        if (debit == 0 || credit == 0)
        {
            throw new DomainException("Lettering needs at least one debit and one credit.");
        }

        if (debit != credit)
        {
            throw new DomainException($"The selected lines do not balance: debit {debit:N2}, credit {credit:N2} (difference {debit - credit:N2}). Nothing was lettered.");
        }
    }

    /// <summary>AA, AB ... AZ, BA ... ZZ, then AAA ...: the code after the highest one in use.</summary>
    public static string NextCode(IEnumerable<string> used)
    {
        var highest = used.Where(IsCode).Select(Index).DefaultIfEmpty(-1).Max();
        return Code(highest + 1);
    }

    /// <summary>0 → AA, 1 → AB, 675 → ZZ, 676 → AAA.</summary>
    public static string Code(long index)
    {
        var length = 2;
        var span = 26L * 26;
        while (index >= span)
        {
            index -= span;
            length++;
            span *= 26;
        }

        var letters = new char[length];
        for (var i = length - 1; i >= 0; i--)
        {
            letters[i] = (char)('A' + (index % 26));
            index /= 26;
        }

        return new string(letters);
    }

    private static long Index(string code)
    {
        long offset = 0, span = 26L * 26;
        for (var length = 2; length < code.Length; length++)
        {
            offset += span;
            span *= 26;
        }

        return offset + code.Aggregate(0L, (value, c) => (value * 26) + (c - 'A'));
    }

    private static bool IsCode(string code) => code.Length >= 2 && code.All(c => c is >= 'A' and <= 'Z');
}

/// <summary>
/// How much of a payment went to which invoice, kept by Accounting from the payment events: automatic lettering
/// follows it to find the payments of an invoice that became paid (and the other invoices those payments paid).
/// </summary>
public sealed class SettlementShare : Entity
{
    private SettlementShare()
    {
    }

    internal SettlementShare(string paymentSource, long paymentId, string invoiceSource, long invoiceId, decimal amount)
    {
        PaymentSource = paymentSource;
        PaymentId = paymentId;
        InvoiceSource = invoiceSource;
        InvoiceId = invoiceId;
        Amount = amount;
    }

    public string PaymentSource { get; private set; } = "";

    public long PaymentId { get; private set; }

    public string InvoiceSource { get; private set; } = "";

    public long InvoiceId { get; private set; }

    public decimal Amount { get; private set; }
}
