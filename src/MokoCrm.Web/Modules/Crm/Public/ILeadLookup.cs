namespace MokoCrm.Web.Modules.Crm.Public;

/// <summary>What another module (Sales, for proposals) reads of a lead; null when it does not exist or is not visible.</summary>
public sealed record LeadSummary(long Id, string Title, long? ThirdPartyId, string? ThirdPartyName, string? CompanyName, decimal ExpectedAmount, bool IsOpen);

public interface ILeadLookup
{
    Task<LeadSummary?> FindAsync(long id, CancellationToken cancellationToken = default);
}
