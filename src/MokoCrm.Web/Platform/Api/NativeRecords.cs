using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Microsoft.Extensions.Options;
using MokoCrm.Web.Platform.Links;
using MokoCrm.Web.Platform.Security;

namespace MokoCrm.Web.Platform.Api;

/// <summary>
/// Marks the native controller of a record type (<c>[RecordResource(SalesRecordTypes.Proposal)]</c> on
/// /api/v1/proposals): the record's shared endpoints (linked objects, documents) are mapped under its path, and a
/// linked record of that type is given its URL there.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class RecordResourceAttribute(string recordType) : Attribute
{
    public string RecordType { get; } = recordType;
}

/// <summary>
/// On an action of <see cref="NativeRecordsController"/>: it needs the right of the record type it is mapped for,
/// which <see cref="NativeRecordRoutes"/> adds as a [HasPermission] to each mapping (the read right unless
/// <see cref="Action"/> says otherwise).
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RecordTypeRightAttribute(RecordAction action = RecordAction.Read) : Attribute
{
    public RecordAction Action { get; } = action;
}

/// <summary>On an action of <see cref="NativeRecordsController"/>: mapped only for record types that have a PDF (<see cref="Documents.IRecordPdf"/>).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RecordPdfOnlyAttribute : Attribute;

/// <summary>The record type and resource path an endpoint of <see cref="NativeRecordsController"/> was mapped for.</summary>
public sealed record NativeRecordEndpoint(string RecordType, string Resource);

/// <summary>Which native resource serves which record type, read once from the controllers' attributes.</summary>
public static class NativeRecordResources
{
    private static readonly Lazy<IReadOnlyDictionary<string, string>> ByType = new(() =>
        typeof(NativeApiController).Assembly.GetTypes()
            .Where(t => typeof(NativeApiController).IsAssignableFrom(t) && !t.IsAbstract)
            .Select(t => (Record: t.GetCustomAttribute<RecordResourceAttribute>(), Route: t.GetCustomAttribute<RouteAttribute>()))
            .Where(t => t.Record is not null && t.Route is not null)
            .ToDictionary(t => t.Record!.RecordType, t => t.Route!.Template[(NativeApiController.Root.Length + 1)..], StringComparer.Ordinal));

    /// <summary>The native URL of a record ("/api/v1/orders/12"), or null when its type has no native resource.</summary>
    public static string? UrlOf(RecordRef record) =>
        ByType.Value.TryGetValue(record.Type, out var resource) ? $"/{NativeApiController.Root}/{resource}/{record.Id}" : null;

    /// <summary>The native resource path of a record type ("orders"), or null.</summary>
    public static string? ResourceOf(string recordType) => ByType.Value.GetValueOrDefault(recordType);
}

/// <summary>
/// Maps each action of <see cref="NativeRecordsController"/> once per record resource (a controller carrying
/// <see cref="RecordResourceAttribute"/>): <c>{id}/links</c> becomes /api/v1/proposals/{id}/links,
/// /api/v1/invoices/{id}/links..., each under the record type's right (declared with AddRecordType) and the
/// resource's tag, so the OpenAPI document lists them with their resource and the endpoint walker sees their right.
/// </summary>
internal sealed class NativeRecordRoutes(IEnumerable<RecordTypeAccess> types, IEnumerable<Documents.RecordPdfType> pdfTypes) : IApplicationModelConvention
{
    public void Apply(ApplicationModel application)
    {
        var rights = types.ToDictionary(t => t.RecordType, StringComparer.Ordinal);
        var owners = application.Controllers
            .Select(c => (Controller: c, Record: c.Attributes.OfType<RecordResourceAttribute>().FirstOrDefault()))
            .Where(o => o.Record is not null)
            .Select(o => (
                Type: o.Record!.RecordType,
                Prefix: o.Controller.Selectors.Select(s => s.AttributeRouteModel?.Template).Single(t => t is not null)!,
                Tags: o.Controller.Attributes.OfType<ITagsMetadata>().ToList()))
            .OrderBy(o => o.Prefix, StringComparer.Ordinal)
            .ToList();
        foreach (var action in application.Controllers.Where(c => c.ControllerType == typeof(NativeRecordsController)).SelectMany(c => c.Actions))
        {
            var template = action.Selectors.Single();
            var needs = action.Attributes.OfType<RecordTypeRightAttribute>().SingleOrDefault()
                ?? throw new InvalidOperationException($"{action.ActionName} needs a [RecordTypeRight].");
            var pdfOnly = action.Attributes.OfType<RecordPdfOnlyAttribute>().Any();
            action.Selectors.Clear();
            foreach (var (type, prefix, tags) in owners.Where(o => !pdfOnly || pdfTypes.Any(p => p.RecordType == o.Type)))
            {
                var right = rights.GetValueOrDefault(type)?.PermissionFor(needs.Action)
                    ?? throw new InvalidOperationException($"The native resource {prefix} serves '{type}', which no module declared with AddRecordType (with a right for {needs.Action}).");
                var selector = new SelectorModel(template)
                {
                    AttributeRouteModel = new AttributeRouteModel { Template = $"{prefix}/{template.AttributeRouteModel!.Template}" },
                };
                selector.EndpointMetadata.Add(new HasPermissionAttribute(right));
                selector.EndpointMetadata.Add(new NativeRecordEndpoint(type, prefix[(NativeApiController.Root.Length + 1)..]));
                foreach (var tag in tags)
                {
                    selector.EndpointMetadata.Add(tag);
                }

                action.Selectors.Add(selector);
            }
        }
    }
}

internal sealed class NativeRecordRoutesSetup(IEnumerable<RecordTypeAccess> types, IEnumerable<Documents.RecordPdfType> pdfTypes) : IConfigureOptions<MvcOptions>
{
    public void Configure(MvcOptions options) => options.Conventions.Add(new NativeRecordRoutes(types, pdfTypes));
}
