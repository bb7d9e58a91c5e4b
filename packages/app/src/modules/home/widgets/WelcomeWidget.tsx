import { FormEvent, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import {
  Box,
  IconButton,
  InputBase,
  Paper,
  Typography,
} from '@material-ui/core';
import SearchIcon from '@material-ui/icons/Search';
import { useViewer } from './useViewer';

export function greeting(hour: number): string {
  if (hour < 5) return 'Good evening';
  if (hour < 12) return 'Good morning';
  if (hour < 18) return 'Good afternoon';
  return 'Good evening';
}

/** The top of Home: who you are, and one search box for every service, API, team and doc. */
export const WelcomeWidget = () => {
  const viewer = useViewer();
  const navigate = useNavigate();
  const [query, setQuery] = useState('');
  const name = viewer.value?.displayName?.split(' ')[0];

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    navigate(`/search?query=${encodeURIComponent(query)}`);
  };

  return (
    <Box>
      <Typography variant="h4" component="h2" gutterBottom>
        {greeting(new Date().getHours())}
        {name ? `, ${name}` : ''}
      </Typography>
      <Typography variant="body1" color="textSecondary" gutterBottom>
        Welcome to Atrium, the developer portal of Larkspur Freight.
      </Typography>
      <Paper
        component="form"
        onSubmit={onSubmit}
        style={{ display: 'flex', alignItems: 'center', padding: '2px 8px' }}
      >
        <InputBase
          style={{ flex: 1 }}
          placeholder="Search services, APIs, teams and docs"
          inputProps={{ 'aria-label': 'Search Atrium' }}
          value={query}
          onChange={e => setQuery(e.target.value)}
        />
        <IconButton type="submit" aria-label="Search">
          <SearchIcon />
        </IconButton>
      </Paper>
    </Box>
  );
};
