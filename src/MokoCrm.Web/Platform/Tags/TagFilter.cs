using System.Linq.Expressions;
using Microsoft.AspNetCore.Mvc;
using MokoCrm.Web.Platform.Links;
using MokoCrm.Web.Platform.Security;

namespace MokoCrm.Web.Platform.Tags;

public static class TagFilter
{
    /// <summary>
    /// Keeps the rows carrying the tag or one of its sub-tags, in the list's own SQL (<c>WHERE id IN (...)</c>); no tag
    /// keeps every row. <c>rows.WithTag(tags, "sales.invoice", request.Tag, i =&gt; i.Id)</c> before the list engine pages.
    /// </summary>
    public static IQueryable<T> WithTag<T>(this IQueryable<T> rows, ITagService tags, string kind, long? tagId, Expression<Func<T, long>> id)
    {
        if (tagId is not { } tag)
        {
            return rows;
        }

        var ids = tags.RecordIdsWithTag(kind, tag, includeDescendants: true);
        var contains = Expression.Call(typeof(Queryable), nameof(Queryable.Contains), [typeof(long)], ids.Expression, id.Body);
        return rows.Where(Expression.Lambda<Func<T, bool>>(contains, id.Parameters));
    }
}

/// <summary>The tag filter of a list: a select of the kind's tree, sent as <paramref name="Param"/> with the list's GET form.</summary>
public sealed record TagFilterViewModel(IReadOnlyList<TagRow> Tree, long? Selected, string Param = "tag");

/// <summary>The tags of a record on its card, with assign/unassign for users who may change the record.</summary>
public sealed record TagPickerViewModel(RecordRef Record, IReadOnlyList<TagRow> Assigned, IReadOnlyList<TagRow> Available, bool CanWrite);

/// <summary>
/// A card shows the record's tags with <c>@await Component.InvokeAsync("RecordTags", new { record })</c>; the
/// assign and unassign buttons appear only with the record type's write right (and the server checks it again).
/// </summary>
public sealed class RecordTagsViewComponent(ITagService tags, IRecordAccess access) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(RecordRef record)
    {
        var assigned = (await tags.ForRecordsAsync(record.Type, [record.Id], HttpContext.RequestAborted))[record.Id].ToList();
        var canWrite = await access.CanAsync(record, RecordAction.Write, HttpContext.RequestAborted);
        var available = canWrite
            ? (await tags.TreeAsync(record.Type, HttpContext.RequestAborted)).Where(t => assigned.All(a => a.Id != t.Id)).ToList()
            : [];
        return View("~/Platform/Web/Views/Shared/_TagPicker.cshtml", new TagPickerViewModel(record, assigned, available, canWrite));
    }
}

/// <summary>The tag filter for a list: <c>@await Component.InvokeAsync("TagFilter", new { kind = "sales.invoice", selected = Model.Tag })</c>.</summary>
public sealed class TagFilterViewComponent(ITagService tags) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(string kind, long? selected, string param = "tag") =>
        View("~/Platform/Web/Views/Shared/_TagFilter.cshtml", new TagFilterViewModel(await tags.TreeAsync(kind, HttpContext.RequestAborted), selected, param));
}
