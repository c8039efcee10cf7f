using System.Data.Common;

namespace MokoCrm.Web.Modules.Crm.Public;

/// <summary>
/// What Accounting needs of a third party to post its documents: its codes and subledger accounts
/// (DOMAIN.md §8: "the third party's code is the subledger (411ACME)"). Null when it does not exist.
/// </summary>
public sealed record ThirdPartyAccounting(long Id, string Name, string? CustomerCode, string? SupplierCode, string? CustomerSubledger, string? SupplierSubledger);

public interface IThirdPartyAccountingLookup
{
    /// <summary>One query for all the ids (no visibility filter: postings are made for the business action's record).</summary>
    Task<IReadOnlyList<ThirdPartyAccounting>> FindManyAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken = default);

    /// <summary>
    /// The same read for one third party as a statement the caller sends in a batch of its own (the posting engine's
    /// check batch): parameter <c>@third_party_id</c> (bigint), one row, or none when the third party does not exist.
    /// </summary>
    string OneSql { get; }

    /// <summary>The third party from the current row of <see cref="OneSql"/>.</summary>
    ThirdPartyAccounting Read(DbDataReader reader);
}
