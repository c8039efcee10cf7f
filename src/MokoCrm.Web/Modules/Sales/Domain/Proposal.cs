using MokoCrm.Web.Modules.Sales.Public;
using MokoCrm.Web.Platform.Audit;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Links;

namespace MokoCrm.Web.Modules.Sales.Domain;

/// <summary>DOMAIN.md §3: draft → validated → signed | refused; signed → billed; any non-draft → cancelled.</summary>
public enum ProposalStatus
{
    Draft,
    Validated,
    Signed,
    Refused,
    Billed,
    Cancelled,
}

/// <summary>A commercial proposal (quote) to a customer or prospect.</summary>
public sealed class Proposal : SalesDocument<ProposalLine>, IAudited
{
    public const int DefaultValidityDays = 30;

    private Proposal()
    {
    }

    public ProposalStatus Status { get; private set; } = ProposalStatus.Draft;

    public int ValidityDays { get; private set; } = DefaultValidityDays;

    public DateOnly ValidUntil { get; private set; }

    /// <summary>The CRM lead it answers (won when signed, lost when refused).</summary>
    public long? LeadId { get; private set; }

    public DateTimeOffset? ClosedAt { get; private set; }

    public long? ClosedByUserId { get; private set; }

    public string? CloseNote { get; private set; }

    protected override bool IsDraft => Status == ProposalStatus.Draft;

    public bool CanBeDeleted => Status == ProposalStatus.Draft;

    public static Proposal Create(long thirdPartyId, DocumentContacts contacts, DateOnly date, int validityDays, long? leadId, long? authorUserId, DateTimeOffset now)
    {
        var proposal = new Proposal { CreatedAt = now, AuthorUserId = authorUserId, LeadId = leadId };
        proposal.SetParty(thirdPartyId, contacts);
        proposal.SetDate(date, validityDays);
        return proposal;
    }

    public void SetDate(DateOnly date, int validityDays)
    {
        if (validityDays is < 0 or > 3650)
        {
            throw new DomainException("The validity is between 0 and 3650 days.");
        }

        base.SetDate(date);
        ValidityDays = validityDays;
        ValidUntil = date.AddDays(validityDays);
    }

    public override void SetDate(DateOnly date) => SetDate(date, ValidityDays);

    public void SetLead(long? leadId)
    {
        EnsureDraft();
        LeadId = leadId;
    }

    /// <summary>Takes the number (asked for inside the validating transaction) and freezes the totals.</summary>
    public void Validate(string number, long? userId, DateTimeOffset now)
    {
        if (Status != ProposalStatus.Draft)
        {
            throw new DomainException($"{Reference} is already validated.");
        }

        Stamp(number, userId, now);
        Status = ProposalStatus.Validated;
        Raise(new ProposalValidated(Snapshot(), ValidUntil, LeadId));
    }

    public void Sign(long? userId, DateTimeOffset now, string? note = null)
    {
        Close(ProposalStatus.Signed, userId, now, note);
        Raise(new ProposalSigned(Snapshot(), LeadId));
    }

    public void Refuse(long? userId, DateTimeOffset now, string? note = null)
    {
        Close(ProposalStatus.Refused, userId, now, note);
        Raise(new ProposalRefused(Snapshot(), LeadId));
    }

    /// <summary>Signed or refused back to validated (the customer changed their mind).</summary>
    public void Reopen()
    {
        if (Status is not (ProposalStatus.Signed or ProposalStatus.Refused))
        {
            throw new DomainException($"Only a signed or refused proposal can be reopened; {Reference} is {Label(Status).ToLowerInvariant()}.");
        }

        Status = ProposalStatus.Validated;
        (ClosedAt, ClosedByUserId, CloseNote) = (null, null, null);
    }

    public void Cancel()
    {
        if (Status is ProposalStatus.Draft)
        {
            throw new DomainException($"{Reference} is a draft: delete it instead.");
        }

        if (Status is ProposalStatus.Cancelled or ProposalStatus.Billed)
        {
            throw new DomainException($"{Reference} is {Label(Status).ToLowerInvariant()}: it cannot be cancelled.");
        }

        Status = ProposalStatus.Cancelled;
    }

    /// <summary>Set by invoicing (next slice): the signed proposal has been billed.</summary>
    public void MarkBilled()
    {
        if (Status != ProposalStatus.Signed)
        {
            throw new DomainException($"Only a signed proposal can be billed; {Reference} is {Label(Status).ToLowerInvariant()}.");
        }

        Status = ProposalStatus.Billed;
    }

    /// <summary>Only a signed (or billed) proposal becomes an order.</summary>
    public void EnsureConvertible()
    {
        if (Status is not (ProposalStatus.Signed or ProposalStatus.Billed))
        {
            throw new DomainException($"{Reference} is {Label(Status).ToLowerInvariant()}: only a signed proposal can become an order.");
        }
    }

    public static string Label(ProposalStatus status) => status switch
    {
        ProposalStatus.Draft => "Draft",
        ProposalStatus.Validated => "Validated",
        ProposalStatus.Signed => "Signed",
        ProposalStatus.Refused => "Refused",
        ProposalStatus.Billed => "Billed",
        _ => "Cancelled",
    };

    protected override ProposalLine NewLine(LineContent content) => new(Id, content);

    private void Close(ProposalStatus status, long? userId, DateTimeOffset now, string? note)
    {
        if (Status != ProposalStatus.Validated)
        {
            throw new DomainException($"Only a validated proposal can be signed or refused; {Reference} is {Label(Status).ToLowerInvariant()}.");
        }

        Status = status;
        (ClosedAt, ClosedByUserId, CloseNote) = (now, userId, string.IsNullOrWhiteSpace(note) ? null : note.Trim());
    }
}

public sealed class ProposalLine : DocumentLine, IAuditedPart
{
    private ProposalLine()
    {
    }

    internal ProposalLine(long proposalId, LineContent content)
    {
        DocumentId = proposalId;
        Apply(content);
    }

    public RecordRef AuditedRecord => new(SalesRecordTypes.Proposal, DocumentId);

    public string? AuditPrefix => $"Line {Position}";
}
