using MokoCrm.Web.Modules.Crm.Public.Events;
using MokoCrm.Web.Platform.Audit;
using MokoCrm.Web.Platform.Domain;

namespace MokoCrm.Web.Modules.Crm.Domain;

/// <summary>Where a lead stands in the sales pipeline (Dolibarr's opportunity status).</summary>
public enum LeadStage
{
    Prospection,
    Qualification,
    Proposal,
    Negotiation,
    Won,
    Lost,
}

/// <summary>Derived from the stage: every stage but won and lost is open.</summary>
public enum LeadStatus
{
    Open,
    Won,
    Lost,
}

/// <summary>
/// A sales opportunity: at a known third party, or at a company we only have the name of until it is converted.
/// Won and lost are final until the lead is reopened; a lead without a third party cannot be won.
/// </summary>
public sealed class Lead : Entity, IAudited
{
    private Lead()
    {
    }

    public string Title { get; private set; } = "";

    public long? ThirdPartyId { get; private set; }

    /// <summary>The company's name while it is not a third party yet.</summary>
    public string? CompanyName { get; private set; }

    public long? ContactId { get; private set; }

    public string? ContactName { get; set; }

    public string? ContactEmail { get; set; }

    public string? ContactPhone { get; set; }

    public decimal ExpectedAmount { get; private set; }

    public LeadStage Stage { get; private set; } = LeadStage.Prospection;

    public LeadStatus Status { get; private set; } = LeadStatus.Open;

    /// <summary>0–100; set to the stage's default on every stage change, editable afterwards.</summary>
    public int Probability { get; private set; } = DefaultProbability(LeadStage.Prospection);

    public DateOnly? ExpectedCloseDate { get; set; }

    public long? OwnerUserId { get; set; }

    public string? LostReason { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset StageChangedAt { get; private set; }

    public bool IsOpen => Status == LeadStatus.Open;

    public static int DefaultProbability(LeadStage stage) => stage switch
    {
        LeadStage.Prospection => 10,
        LeadStage.Qualification => 20,
        LeadStage.Proposal => 40,
        LeadStage.Negotiation => 60,
        LeadStage.Won => 100,
        _ => 0,
    };

    public static LeadStatus StatusOf(LeadStage stage) =>
        stage switch { LeadStage.Won => LeadStatus.Won, LeadStage.Lost => LeadStatus.Lost, _ => LeadStatus.Open };

    public static Lead Create(string title, LeadStage stage, DateTimeOffset now)
    {
        if (StatusOf(stage) != LeadStatus.Open)
        {
            throw new DomainException("A new lead starts at an open stage; mark it won or lost afterwards.");
        }

        var lead = new Lead { CreatedAt = now, StageChangedAt = now, Stage = stage, Probability = DefaultProbability(stage) };
        lead.Retitle(title);
        return lead;
    }

    public void Retitle(string title)
    {
        if (string.IsNullOrWhiteSpace(title))
        {
            throw new DomainException("A lead needs a title.");
        }

        Title = title.Trim();
    }

    /// <summary>Either a third party (and optionally one of its contacts) or a company name, never neither.</summary>
    public void SetParty(long? thirdPartyId, long? contactId, string? companyName)
    {
        if (thirdPartyId is null && string.IsNullOrWhiteSpace(companyName))
        {
            throw new DomainException("Choose a third party or enter the company's name.");
        }

        if (thirdPartyId is null && contactId is not null)
        {
            throw new DomainException("A contact can only be chosen at a third party.");
        }

        ThirdPartyId = thirdPartyId;
        ContactId = contactId;
        CompanyName = thirdPartyId is null ? companyName!.Trim() : (string.IsNullOrWhiteSpace(companyName) ? null : companyName.Trim());
    }

    public void SetExpectedAmount(decimal amount)
    {
        if (amount < 0)
        {
            throw new DomainException("The expected amount cannot be negative.");
        }

        ExpectedAmount = decimal.Round(amount, 2);
    }

    public void SetProbability(int probability)
    {
        if (probability is < 0 or > 100)
        {
            throw new DomainException("The probability is between 0 and 100 %.");
        }

        Probability = probability;
    }

    /// <summary>Moves an open lead to another stage; won and lost go through <see cref="MarkWon"/> and <see cref="MarkLost"/>.</summary>
    public void MoveTo(LeadStage stage, DateTimeOffset now)
    {
        switch (stage)
        {
            case LeadStage.Won:
                MarkWon(now);
                return;
            case LeadStage.Lost:
                MarkLost(null, now);
                return;
        }

        EnsureOpen();
        if (stage == Stage)
        {
            return;
        }

        SetStage(stage, now);
    }

    public void MarkWon(DateTimeOffset now)
    {
        EnsureOpen();
        if (ThirdPartyId is null)
        {
            throw new DomainException("Convert the lead to a third party before marking it won.");
        }

        SetStage(LeadStage.Won, now);
        Raise(new LeadWon(Id, Title, ThirdPartyId, ExpectedAmount));
    }

    public void MarkLost(string? reason, DateTimeOffset now)
    {
        EnsureOpen();
        SetStage(LeadStage.Lost, now);
        LostReason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        Raise(new LeadLost(Id, Title, ThirdPartyId, LostReason));
    }

    /// <summary>Won or lost back to an open stage (prospection unless said otherwise).</summary>
    public void Reopen(LeadStage stage, DateTimeOffset now)
    {
        if (IsOpen)
        {
            throw new DomainException($"{Title} is already open.");
        }

        if (StatusOf(stage) != LeadStatus.Open)
        {
            throw new DomainException("A lead is reopened at an open stage.");
        }

        LostReason = null;
        SetStage(stage, now);
    }

    /// <summary>The company became a third party (a new prospect, or an existing one it duplicated).</summary>
    public void ConvertedTo(long thirdPartyId, long? contactId)
    {
        if (ThirdPartyId is not null)
        {
            throw new DomainException($"{Title} is already at a third party.");
        }

        ThirdPartyId = thirdPartyId;
        ContactId = contactId;
    }

    private void EnsureOpen()
    {
        if (!IsOpen)
        {
            throw new DomainException($"{Title} is {(Status == LeadStatus.Won ? "won" : "lost")}: reopen it first.");
        }
    }

    private void SetStage(LeadStage stage, DateTimeOffset now)
    {
        Stage = stage;
        Status = StatusOf(stage);
        Probability = DefaultProbability(stage);
        StageChangedAt = now;
    }
}
