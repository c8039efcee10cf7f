using Microsoft.AspNetCore.Mvc;

namespace MokoCrm.Web.Platform.Web.Lists;

/// <summary>What the list's URL asks for: search, sort, keyset position and page size. Bound from the query string.</summary>
public sealed class ListRequest
{
    public const int MaxPageSize = 500;

    [FromQuery(Name = "q")]
    public string? Search { get; set; }

    [FromQuery(Name = "sort")]
    public string? Sort { get; set; }

    [FromQuery(Name = "desc")]
    public bool? Descending { get; set; }

    /// <summary>Opaque keyset cursor: rows after this one in the current order.</summary>
    [FromQuery(Name = "after")]
    public string? After { get; set; }

    /// <summary>Opaque keyset cursor: rows before this one (the "previous" link).</summary>
    [FromQuery(Name = "before")]
    public string? Before { get; set; }

    /// <summary>The last page, read through the reverse order.</summary>
    [FromQuery(Name = "last")]
    public bool Last { get; set; }

    [FromQuery(Name = "size")]
    public int Size { get; set; } = 50;

    public int PageSize => Math.Clamp(Size, 1, MaxPageSize);
}
