using Npgsql;

namespace MokoCrm.Web.Platform.Data;

/// <summary>
/// A batch's statements planned once per pooled connection instead of on every run: the app's sessions plan each run
/// for its own values (<c>plan_cache_mode=force_custom_plan</c>, <see cref="AppDbContextOptions.Prepared"/>), which the
/// report pages need, but a write path's statements (key lookups, inserts, upserts by key) get the same plan whatever
/// their values, and planning them cost more than running them: the stock ledger's one-move statement spent about
/// 0.5 ms of PostgreSQL CPU planning for 0.2-0.3 ms running (EXPLAIN ANALYZE, bench cluster). Put
/// <see cref="Begin"/> before such statements and <see cref="End"/> after them in the same batch: the setting is the
/// transaction's only (<c>set_config(..., true)</c>) and goes back to the session's own before the batch's end, so
/// the caller's later statements are planned as before. Both are tiny statements of the same round trip.
/// </summary>
public static class GenericPlans
{
    /// <summary>From here on in the transaction, prepared statements run on their generic plan (one result row).</summary>
    public static NpgsqlBatchCommand Begin() => new("SELECT set_config('plan_cache_mode', 'force_generic_plan', true)");

    /// <summary>Back to the session's own setting (the connection string's, else the server's; no result).</summary>
    public static NpgsqlBatchCommand End() => new("RESET plan_cache_mode");
}
