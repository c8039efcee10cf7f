using MokoCrm.Web.Platform.Audit;
using MokoCrm.Web.Platform.Domain;

namespace MokoCrm.Web.Modules.Accounting.Domain;

/// <summary>
/// A journal (VT sales, AC purchases, BQ bank, OD miscellaneous, ER expense reports). Its row is also the head of
/// its hash chain: <see cref="LastSequence"/> and <see cref="LastHash"/> are only ever changed by the posting engine
/// with SQL, on the row it locked in the posting transaction (never through EF tracking).
/// </summary>
public sealed class Journal : Entity, IAudited
{
    public const string Sales = "VT";
    public const string Purchases = "AC";
    public const string Bank = "BQ";
    public const string Miscellaneous = "OD";
    public const string ExpenseReports = "ER";

    private Journal()
    {
    }

    public Journal(string code, string label)
    {
        Code = code;
        Label = label;
    }

    public string Code { get; private set; } = "";

    public string Label { get; set; } = "";

    /// <summary>Sequence number of the last entry posted in this journal (0 when empty).</summary>
    public long LastSequence { get; private set; }

    /// <summary>Hash of the last entry, the start of the next entry's hash (empty when the journal is empty).</summary>
    public string LastHash { get; private set; } = "";
}
