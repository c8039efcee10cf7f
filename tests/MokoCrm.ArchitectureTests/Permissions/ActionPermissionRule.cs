using System.Reflection;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using MokoCrm.Web.Platform.Security;

namespace MokoCrm.ArchitectureTests.Permissions;

/// <summary>
/// Every controller action carries a [HasPermission] (or, on the shared record tabs, a [RecordRight] that checks the
/// right of the record's own type, or on the native API's shared record endpoints a [RecordTypeRight] that maps them
/// under each record type's right) or an explicit [AllowAnonymous], on itself or on its controller.
/// A bare [Authorize] is not enough: it lets every signed-in user in. The few actions that really are for every
/// signed-in user are listed by name, and must then carry an explicit [Authorize].
/// </summary>
internal static class ActionPermissionRule
{
    public static IReadOnlyList<Type> Controllers(IEnumerable<Type> candidates) =>
        candidates.Where(IsController).OrderBy(t => t.FullName, StringComparer.Ordinal).ToList();

    /// <summary>"Controller.Action" for each action of <paramref name="controllers"/>.</summary>
    public static IEnumerable<(Type Controller, MethodInfo Action, string Name)> Actions(IEnumerable<Type> controllers) =>
        from controller in controllers
        from method in controller.GetMethods(BindingFlags.Public | BindingFlags.Instance)
        where IsAction(method)
        select (controller, method, $"{controller.Name}.{method.Name}");

    /// <summary>The actions that break the rule, as "Controller.Action" (overloads appear once per method).</summary>
    public static IReadOnlyList<string> Violations(IEnumerable<Type> types, IReadOnlySet<string> signedInOnly) =>
        Actions(Controllers(types))
            .Where(a => !Allowed(a.Controller, a.Action, signedInOnly.Contains(a.Name)))
            .Select(a => a.Name)
            .ToList();

    private static bool Allowed(Type controller, MethodInfo action, bool signedInOnlyException)
    {
        var attributes = action.GetCustomAttributes(inherit: true).Concat(controller.GetCustomAttributes(inherit: true)).ToList();
        if (attributes.Any(a => a is IAllowAnonymous or HasPermissionAttribute or RecordRightAttribute or Web.Platform.Api.RecordTypeRightAttribute))
        {
            return true;
        }

        // Only the listed exceptions may rely on a plain [Authorize], and they must say so explicitly.
        return signedInOnlyException && attributes.OfType<IAuthorizeData>().Any(a => a.Policy is null && a.Roles is null);
    }

    // The same discovery rules as MVC's ControllerFeatureProvider and DefaultApplicationModelProvider.
    private static bool IsController(Type type) =>
        type is { IsClass: true, IsAbstract: false, ContainsGenericParameters: false }
        && (type.IsPublic || type.IsNestedPublic)
        && !type.IsDefined(typeof(NonControllerAttribute), inherit: true)
        && (type.Name.EndsWith("Controller", StringComparison.Ordinal) || type.IsDefined(typeof(ControllerAttribute), inherit: true));

    private static bool IsAction(MethodInfo method) =>
        !method.IsSpecialName && !method.IsStatic && !method.IsAbstract && !method.IsGenericMethodDefinition
        && method.DeclaringType is not null
        && method.DeclaringType != typeof(object) && method.DeclaringType != typeof(Controller) && method.DeclaringType != typeof(ControllerBase)
        && method.GetBaseDefinition().DeclaringType is { } origin && origin != typeof(object) && origin != typeof(Controller) && origin != typeof(ControllerBase)
        && !method.IsDefined(typeof(NonActionAttribute), inherit: true)
        && method.GetParameters().All(p => !p.ParameterType.IsByRef);
}
