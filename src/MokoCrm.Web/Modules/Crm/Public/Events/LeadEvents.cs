using MokoCrm.Web.Platform.Events;

namespace MokoCrm.Web.Modules.Crm.Public.Events;

/// <summary>A lead reached the won stage (by hand, or because its proposal was signed).</summary>
public sealed record LeadWon(long LeadId, string Title, long? ThirdPartyId, decimal ExpectedAmount) : IDomainEvent;

/// <summary>A lead was lost, with the reason given if any.</summary>
public sealed record LeadLost(long LeadId, string Title, long? ThirdPartyId, string? Reason) : IDomainEvent;
