using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace MokoCrm.Web.Platform.Api;

/// <summary>
/// GET /api/v1/reference: the OpenAPI document as a page to read, rendered on the server from the same document as
/// /api/v1/openapi.json (no script, nothing fetched from elsewhere: it works offline and under the site's CSP).
/// </summary>
[Route(NativeApiController.Root + "/reference")]
[AllowAnonymous]
[ApiExplorerSettings(IgnoreApi = true)]
public sealed class ApiReferenceController([FromKeyedServices(ApiDocument.Name)] IOpenApiDocumentProvider documents) : ControllerBase
{
    private static readonly string[] Methods = ["get", "post", "put", "patch", "delete"];

    [HttpGet("")]
    public async Task<ContentResult> Index()
    {
        var document = await documents.GetOpenApiDocumentAsync(HttpContext.RequestAborted);
        var json = JsonNode.Parse(await document.SerializeAsJsonAsync(OpenApiSpecVersion.OpenApi3_1, HttpContext.RequestAborted))!;
        return new ContentResult { Content = Render(json), ContentType = "text/html; charset=utf-8", StatusCode = StatusCodes.Status200OK };
    }

    internal static string Render(JsonNode document)
    {
        var html = new StringBuilder();
        var title = Text(document["info"]?["title"]);
        html.Append($"""
            <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title} reference</title>
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <style>
            body{"{"}font:14px/1.5 system-ui,sans-serif;margin:0;color:#1f2933;display:flex{"}"}
            nav{"{"}width:280px;height:100vh;overflow:auto;position:sticky;top:0;background:#f4f6f8;padding:16px;box-sizing:border-box;border-right:1px solid #dde2e7{"}"}
            nav a{"{"}display:block;color:#1f2933;text-decoration:none;padding:2px 0;font-size:13px{"}"} nav h3{"{"}margin:14px 0 4px;font-size:13px;text-transform:uppercase;color:#52606d{"}"}
            main{"{"}flex:1;padding:24px 40px;max-width:1000px{"}"} h2{"{"}border-bottom:1px solid #dde2e7;padding-bottom:4px;margin-top:40px{"}"}
            .op{"{"}border:1px solid #dde2e7;border-radius:6px;margin:16px 0;padding:12px 16px{"}"} .op h4{"{"}margin:0 0 6px;font:600 15px ui-monospace,monospace{"}"}
            .m{"{"}display:inline-block;min-width:56px;text-align:center;border-radius:4px;color:#fff;font-size:12px;padding:1px 6px;margin-right:8px{"}"}
            .get{"{"}background:#2f80ed{"}"} .post{"{"}background:#27ae60{"}"} .patch,.put{"{"}background:#f2994a{"}"} .delete{"{"}background:#eb5757{"}"}
            table{"{"}border-collapse:collapse;width:100%;margin:6px 0{"}"} td,th{"{"}border-bottom:1px solid #eef1f4;text-align:left;padding:3px 8px;vertical-align:top;font-size:13px{"}"}
            code{"{"}font:13px ui-monospace,monospace;background:#f4f6f8;padding:0 3px;border-radius:3px{"}"} .muted{"{"}color:#7b8794{"}"}
            </style></head><body>
            """);

        var operations = Operations(document).ToList();
        var schemas = document["components"]?["schemas"] as JsonObject ?? [];
        html.Append("<nav><strong>").Append(title).Append("</strong>");
        foreach (var tag in operations.GroupBy(o => o.Tag))
        {
            html.Append("<h3>").Append(Encode(tag.Key)).Append("</h3>");
            foreach (var op in tag)
            {
                html.Append($"<a href=\"#{op.Anchor}\"><span class=\"muted\">{op.Method.ToUpperInvariant()}</span> {Encode(op.Path)}</a>");
            }
        }

        html.Append("<h3>Schemas</h3>");
        foreach (var name in schemas.Select(s => s.Key))
        {
            html.Append($"<a href=\"#schema-{Encode(name)}\">{Encode(name)}</a>");
        }

        html.Append("</nav><main><h1>").Append(title).Append(" <small class=\"muted\">").Append(Text(document["info"]?["version"])).Append("</small></h1>");
        html.Append("<p>").Append(Text(document["info"]?["description"])).Append("</p>");
        html.Append($"<p>The machine-readable document: <a href=\"{ApiDocument.Path}\">{ApiDocument.Path}</a>.</p>");

        foreach (var tag in operations.GroupBy(o => o.Tag))
        {
            html.Append("<h2>").Append(Encode(tag.Key)).Append("</h2>");
            foreach (var op in tag)
            {
                Operation(html, op);
            }
        }

        html.Append("<h2>Schemas</h2>");
        foreach (var (name, schema) in schemas)
        {
            html.Append($"<div class=\"op\" id=\"schema-{Encode(name)}\"><h4>{Encode(name)}</h4>");
            Properties(html, schema);
            html.Append("</div>");
        }

        return html.Append("</main></body></html>").ToString();
    }

    private sealed record Op(string Tag, string Method, string Path, JsonNode Node)
    {
        public string Anchor => $"{Method}-{Path}".Replace('/', '-').Replace('{', '_').Replace('}', '_');
    }

    private static IEnumerable<Op> Operations(JsonNode document)
    {
        foreach (var (path, item) in document["paths"] as JsonObject ?? [])
        {
            foreach (var method in Methods)
            {
                if (item?[method] is { } op)
                {
                    yield return new Op(Text(op["tags"]?[0]) is { Length: > 0 } tag ? tag : "Other", method, path, op);
                }
            }
        }
    }

    private static void Operation(StringBuilder html, Op op)
    {
        html.Append($"<div class=\"op\" id=\"{op.Anchor}\"><h4><span class=\"m {op.Method}\">{op.Method.ToUpperInvariant()}</span>{Encode(op.Path)}</h4>");
        if (Text(op.Node["summary"]) is { Length: > 0 } summary)
        {
            html.Append("<p>").Append(summary).Append("</p>");
        }

        if (Text(op.Node["description"]) is { Length: > 0 } description)
        {
            html.Append("<p>").Append(description).Append("</p>");
        }

        if (op.Node["parameters"] is JsonArray { Count: > 0 } parameters)
        {
            html.Append("<table><tr><th>Parameter</th><th>In</th><th>Type</th><th></th></tr>");
            foreach (var p in parameters)
            {
                html.Append($"<tr><td><code>{Text(p?["name"])}</code></td><td>{Text(p?["in"])}</td><td>{TypeOf(p?["schema"])}</td>")
                    .Append($"<td>{(p?["required"]?.GetValue<bool>() == true ? "required " : "")}<span class=\"muted\">{Text(p?["description"])}</span></td></tr>");
            }

            html.Append("</table>");
        }

        if (op.Node["requestBody"]?["content"]?["application/json"]?["schema"] is { } body)
        {
            html.Append("<p>Body: ").Append(TypeOf(body)).Append("</p>");
        }

        foreach (var (code, response) in op.Node["responses"] as JsonObject ?? [])
        {
            var content = response?["content"] as JsonObject;
            var schema = content?.Select(c => c.Value?["schema"]).FirstOrDefault(s => s is not null);
            html.Append($"<p>Answers <code>{Encode(code)}</code> {(schema is null ? "" : TypeOf(schema))} <span class=\"muted\">{(code == "default" ? Text(response?["description"]) : "")}</span></p>");
        }

        html.Append("</div>");
    }

    private static void Properties(StringBuilder html, JsonNode? schema)
    {
        if (schema?["properties"] is not JsonObject { Count: > 0 } properties)
        {
            html.Append("<p>").Append(TypeOf(schema)).Append("</p>");
            return;
        }

        html.Append("<table><tr><th>Field</th><th>Type</th><th></th></tr>");
        foreach (var (name, property) in properties)
        {
            html.Append($"<tr><td><code>{Encode(name)}</code></td><td>{TypeOf(property)}</td><td class=\"muted\">{Text(property?["description"])}</td></tr>");
        }

        html.Append("</table>");
    }

    private static string TypeOf(JsonNode? schema)
    {
        if (schema is null)
        {
            return "";
        }

        if (Text(schema["$ref"]) is { Length: > 0 } reference)
        {
            var name = reference[(reference.LastIndexOf('/') + 1)..];
            return $"<a href=\"#schema-{name}\">{name}</a>";
        }

        if (schema["items"] is { } items)
        {
            return $"array of {TypeOf(items)}";
        }

        if (schema["enum"] is JsonArray values)
        {
            return "one of " + string.Join(", ", values.Select(v => $"<code>{Text(v)}</code>"));
        }

        if (schema["allOf"] is JsonArray { Count: > 0 } all)
        {
            return TypeOf(all[0]);
        }

        var type = schema["type"] switch
        {
            JsonArray types => string.Join(" or ", types.Select(t => Text(t))),
            { } one => Text(one),
            null => "object",
        };
        return Text(schema["format"]) is { Length: > 0 } format ? $"{type} ({format})" : type;
    }

    private static string Text(JsonNode? node) => node is JsonValue value ? Encode(value.ToString()) : "";

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
