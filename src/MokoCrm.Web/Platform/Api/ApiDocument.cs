using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace MokoCrm.Web.Platform.Api;

/// <summary>
/// The body an API action reads itself (the actions read their bodies strictly, so MVC does not see them): shown in
/// the OpenAPI document as the operation's JSON request body.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ApiBodyAttribute<T> : Attribute, IApiBodyMetadata
{
    public Type Type => typeof(T);

    public bool Optional { get; init; }
}

public interface IApiBodyMetadata
{
    Type Type { get; }

    bool Optional { get; }
}

/// <summary>
/// The native API's OpenAPI document, generated from the controllers at start (/api/v1/openapi.json, anonymous, no
/// network): every /api/v1 action with its parameters, its body, its answer's schema and the problem-details errors.
/// </summary>
public static class ApiDocument
{
    public const string Name = "v1";
    public const string Path = "/api/v1/openapi.json";

    public static IServiceCollection AddApiDocument(this IServiceCollection services)
    {
        // The schemas follow the native JSON: camelCase, enums as kebab-case text.
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = ApiJson.Native.PropertyNamingPolicy;
            o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false));
        });
        services.AddOpenApi(Name, o =>
        {
            o.ShouldInclude = d => d.RelativePath?.StartsWith(NativeApiController.Root + "/", StringComparison.Ordinal) == true
                && d.ActionDescriptor is ControllerActionDescriptor;
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "MokoCRM API",
                    Version = StatusController.MokoVersion,
                    Description = "Native REST API of MokoCRM. Authenticate with an API key made on your profile page, sent in the " +
                        "DOLAPIKEY header or as 'Authorization: Bearer <key>'. Dates are ISO 8601, amounts JSON numbers, lists " +
                        "are cut by cursor (pass back nextCursor), errors are RFC 9457 problem details, and a POST that creates " +
                        "may carry an Idempotency-Key header so that a retry never creates twice.",
                };
                document.Servers = [new OpenApiServer { Url = "/" }];
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>
                {
                    ["apiKey"] = new OpenApiSecurityScheme { Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Header, Name = "DOLAPIKEY" },
                };
                document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("apiKey", document)] = [] }];
                return Task.CompletedTask;
            });
            o.AddOperationTransformer(async (operation, context, cancellationToken) =>
            {
                var metadata = context.Description.ActionDescriptor.EndpointMetadata;
                if (metadata.OfType<IApiBodyMetadata>().FirstOrDefault() is { } body)
                {
                    operation.RequestBody = new OpenApiRequestBody
                    {
                        Required = !body.Optional,
                        Content = new Dictionary<string, OpenApiMediaType>
                        {
                            ["application/json"] = new() { Schema = await ComponentAsync(context, body.Type, cancellationToken) },
                        },
                    };
                }

                // An upload (an IFormFile parameter; no [Consumes], so that a key without the right gets its 403 before
                // the content type is looked at): a multipart/form-data body with the file in its field.
                var files = context.Description.ParameterDescriptions.Where(p => p.Type == typeof(IFormFile)).Select(p => p.Name).ToList();
                if (files.Count > 0)
                {
                    operation.RequestBody = new OpenApiRequestBody
                    {
                        Required = true,
                        Content = new Dictionary<string, OpenApiMediaType>
                        {
                            ["multipart/form-data"] = new()
                            {
                                Schema = new OpenApiSchema
                                {
                                    Type = JsonSchemaType.Object,
                                    Properties = files.ToDictionary(f => f, _ => (IOpenApiSchema)new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" }),
                                    Required = files.ToHashSet(),
                                },
                            },
                        },
                    };
                }

                if (metadata.OfType<IdempotentAttribute>().Any())
                {
                    operation.Parameters ??= [];
                    operation.Parameters.Add(new OpenApiParameter
                    {
                        Name = IdempotentAttribute.Header,
                        In = ParameterLocation.Header,
                        Description = "Any unique text (a UUID): a retry with the same key and body answers the first result instead of creating again.",
                        Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 200 },
                    });
                }

                operation.Responses ??= [];
                operation.Responses["default"] = new OpenApiResponse
                {
                    Description = "A refusal as RFC 9457 problem details (400 bad input with field errors, 401 no key, 403 no right, 404 unknown or invisible, 409 refused by a rule, 429 too many requests).",
                    Content = new Dictionary<string, OpenApiMediaType>
                    {
                        ["application/problem+json"] = new() { Schema = await ComponentAsync(context, typeof(Problem), cancellationToken) },
                    },
                };
            });
        });
        return services;
    }

    /// <summary>A schema of the document's components (named after the type), referred to where it is used.</summary>
    private static async Task<IOpenApiSchema> ComponentAsync(OpenApiOperationTransformerContext context, Type type, CancellationToken cancellationToken)
    {
        var document = context.Document ?? throw new InvalidOperationException("The operation has no document.");
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        if (!document.Components.Schemas.ContainsKey(type.Name))
        {
            document.Components.Schemas[type.Name] = await context.GetOrCreateSchemaAsync(type, null, cancellationToken);
        }

        return new OpenApiSchemaReference(type.Name, document);
    }

    public static IEndpointRouteBuilder MapApiDocument(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapOpenApi(Path).AllowAnonymous();
        return endpoints;
    }

    /// <summary>RFC 9457 problem details as the native API answers them.</summary>
    internal sealed record Problem(string Type, string Title, int Status, string Detail, string Instance, IReadOnlyDictionary<string, string[]>? Errors);
}
