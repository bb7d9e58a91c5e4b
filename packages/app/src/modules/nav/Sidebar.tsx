import {
  Sidebar,
  SidebarDivider,
  SidebarGroup,
  SidebarItem,
  SidebarScrollWrapper,
  SidebarSpace,
} from '@backstage/core-components';
import { NavContentBlueprint } from '@backstage/plugin-app-react';
import { NotificationsSidebarItem } from '@backstage/plugin-notifications';
import MenuIcon from '@material-ui/icons/Menu';
import SearchIcon from '@material-ui/icons/Search';
import { SidebarLogo } from './SidebarLogo';
import { SignInAvatar } from './SignInAvatar';

/**
 * Atrium's navigation. The order is fixed (Home, Catalog, APIs, Docs, Create, Search, Notifications, Settings);
 * pages that other plugins add appear below, sorted by title.
 */
export const SidebarContent = NavContentBlueprint.make({
  params: {
    component: ({ navItems }) => {
      // Take the pages Atrium places itself, under Atrium's own labels.
      const item = (id: string, text: string) => {
        const found = navItems.take(id);
        return found ? (
          <SidebarItem icon={() => found.icon} to={found.href} text={text} />
        ) : null;
      };
      const home = item('page:home', 'Home');
      const catalog = item('page:catalog', 'Catalog');
      const apis = item('page:api-docs', 'APIs');
      const docs = item('page:techdocs', 'Docs');
      const create = item('page:scaffolder', 'Create');
      const settings = item('page:user-settings', 'Settings');
      // Backstage's notifications (e.g. compute approvals asked of the user, and their outcome): the item shows
      // the unread count and pops up what arrives (the signals plugin). The page title stays as it is: Atrium's
      // titles name the page only.
      const notifications = navItems.take('page:notifications') ? (
        <NotificationsSidebarItem
          text="Notifications"
          titleCounterEnabled={false}
        />
      ) : null;
      // Search gets a fixed item below; the import page is reached from the catalog's "Register" action.
      navItems.take('page:search');
      navItems.take('page:catalog-import');
      const others = [...navItems.rest()]
        .sort((a, b) => a.title.localeCompare(b.title))
        .map(other => (
          <SidebarItem
            key={other.href}
            icon={() => other.icon}
            to={other.href}
            text={other.title}
          />
        ));

      return (
        <Sidebar>
          <SidebarLogo />
          <SidebarGroup label="Menu" icon={<MenuIcon />}>
            {home}
            {catalog}
            {apis}
            {docs}
            {create}
            <SidebarItem icon={SearchIcon} to="/search" text="Search" />
            {notifications}
            <SidebarDivider />
            <SidebarScrollWrapper>{others}</SidebarScrollWrapper>
          </SidebarGroup>
          <SidebarSpace />
          <SidebarDivider />
          <SidebarGroup label="Settings" icon={<SignInAvatar />} to="/settings">
            {settings}
          </SidebarGroup>
        </Sidebar>
      );
    },
  },
});
