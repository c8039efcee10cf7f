using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using MokoCrm.Web.Platform.Domain;

namespace MokoCrm.Web.Platform.Web;

/// <summary>
/// Business refusals that a controller did not turn into a form error: a record outside the user's reach is a 404,
/// a refused rule a 409 page with the rule's message. Never a 500 for a rule saying no.
/// </summary>
internal sealed class DomainExceptionFilter : IExceptionFilter
{
    public void OnException(ExceptionContext context)
    {
        switch (context.Exception)
        {
            case NotFoundException:
                context.Result = new NotFoundResult();
                context.ExceptionHandled = true;
                break;
            case DomainException refused:
                context.Result = new ViewResult
                {
                    ViewName = "~/Platform/Web/Views/Error/Refused.cshtml",
                    StatusCode = StatusCodes.Status409Conflict,
                    ViewData = new Microsoft.AspNetCore.Mvc.ViewFeatures.ViewDataDictionary(
                        new Microsoft.AspNetCore.Mvc.ModelBinding.EmptyModelMetadataProvider(), context.ModelState) { Model = refused.Message },
                };
                context.ExceptionHandled = true;
                break;
            case AntiforgeryValidationException:
                context.Result = new StatusCodeResult(StatusCodes.Status400BadRequest);
                context.ExceptionHandled = true;
                break;
        }
    }
}

/// <summary>Headers every response carries: no sniffing, no framing, no third-party scripts.</summary>
internal static class SecurityHeaders
{
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "same-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
            headers.ContentSecurityPolicy =
                "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; " +
                "font-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'self'; object-src 'none'";
            await next();
        });
}
